using FluentValidation;
using Nlp.Domain;

namespace Nlp.Application.Common;

/// <summary>
/// The request rules of CONTRACT.md section 2, shared by the single and batch commands. Validators using them set
/// <c>RuleLevelCascadeMode = CascadeMode.Stop</c> so that only the first broken rule of a field is reported.
/// </summary>
internal static class PredictionRules
{
    public static IRuleBuilderOptions<T, string?> MustBeModelIdentifier<T>(this IRuleBuilder<T, string?> rule) =>
        rule
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("'modelIdentifier' is required.")
            .Must(ModelIdentifier.IsValid).WithMessage(
                $"'modelIdentifier' must be a model folder name: 1 to {ModelIdentifier.MaxLength} of the characters A-Z a-z 0-9 . _ -, not '.' or '..'.");

    public static IRuleBuilderOptions<T, string?> MustBeText<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("'text' is required and must not be empty or white space.")
            .Must(v => v!.Length <= maxLength).WithMessage($"'text' must be at most {maxLength} characters long.");
}

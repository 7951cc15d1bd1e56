using FluentValidation;
using Microsoft.Extensions.Options;
using Nlp.Application.Common;

namespace Nlp.Application.Predictions.PredictBatch;

public sealed class PredictBatchCommandValidator : AbstractValidator<PredictBatchCommand>
{
    public PredictBatchCommandValidator(IOptions<PredictionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RuleLevelCascadeMode = CascadeMode.Stop;
        var limits = options.Value;
        RuleFor(c => c.ModelIdentifier).MustBeModelIdentifier();
        RuleFor(c => c.Instances)
            .NotNull().WithMessage("'instances' is required: a list of texts.")
            .Must(i => i!.Count > 0).WithMessage("'instances' must hold at least one text.")
            .Must(i => i!.Count <= limits.MaxBatchSize).WithMessage($"'instances' may hold at most {limits.MaxBatchSize} texts.");
        RuleForEach(c => c.Instances).MustBeText(limits.MaxTextLength).OverridePropertyName("instances");
    }
}

using System.Diagnostics.CodeAnalysis;

namespace Nlp.Domain;

/// <summary>
/// The name of a model folder under the models root: only <c>A-Z a-z 0-9 . _ -</c>, 1 to 128 characters,
/// never <c>.</c> or <c>..</c>. A value of this type can be joined to the models root without escaping it.
/// </summary>
public readonly record struct ModelIdentifier
{
    public const int MaxLength = 128;

    private ModelIdentifier(string value) => Value = value;

    public string Value { get; }

    public static bool IsValid([NotNullWhen(true)] string? candidate)
    {
        if (string.IsNullOrEmpty(candidate) || candidate.Length > MaxLength || candidate is "." or "..")
        {
            return false;
        }

        foreach (var c in candidate)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    public static ModelIdentifier Parse(string? candidate) =>
        IsValid(candidate)
            ? new ModelIdentifier(candidate)
            : throw new DomainException(
                $"'{candidate}' is not a model identifier: use 1 to {MaxLength} of the characters A-Z a-z 0-9 . _ -, not '.' or '..'.");

    public override string ToString() => Value ?? string.Empty;
}

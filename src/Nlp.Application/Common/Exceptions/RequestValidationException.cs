namespace Nlp.Application.Common.Exceptions;

/// <summary>The request broke one or more validation rules; <see cref="Errors"/> maps field → messages.</summary>
public sealed class RequestValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("One or more validation errors occurred.")
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

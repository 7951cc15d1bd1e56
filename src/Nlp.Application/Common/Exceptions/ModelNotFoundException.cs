namespace Nlp.Application.Common.Exceptions;

/// <summary>There is no model folder with the requested identifier.</summary>
public sealed class ModelNotFoundException(string modelIdentifier)
    : Exception($"There is no model named '{modelIdentifier}'.")
{
    public string ModelIdentifier { get; } = modelIdentifier;
}

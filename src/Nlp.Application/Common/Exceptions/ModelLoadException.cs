namespace Nlp.Application.Common.Exceptions;

/// <summary>
/// A model folder exists but cannot be served. The message names the model, the file (relative to the model
/// folder) and the problem, and is safe to show to a caller: it never holds an absolute path.
/// </summary>
public sealed class ModelLoadException : Exception
{
    public ModelLoadException(string modelIdentifier, string? fileName, string problem, Exception? inner = null)
        : base(Describe(modelIdentifier, fileName, problem), inner)
    {
        ModelIdentifier = modelIdentifier;
        FileName = fileName;
        Problem = problem;
    }

    public string ModelIdentifier { get; }

    public string? FileName { get; }

    public string Problem { get; }

    private static string Describe(string model, string? file, string problem) =>
        file is null
            ? $"Model '{model}' cannot be loaded: {problem}"
            : $"Model '{model}' cannot be loaded: {file}: {problem}";
}

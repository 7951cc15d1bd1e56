namespace Nlp.Infrastructure.Common;

/// <summary>
/// A file of a model folder cannot be used. <see cref="FileName"/> is relative to the model folder (never an
/// absolute path); the message says what is wrong, naming the layer and class where there is one.
/// The model repository turns it into an <c>Application</c> <c>ModelLoadException</c>.
/// </summary>
internal sealed class ModelFormatException(string fileName, string problem, Exception? inner = null)
    : Exception(problem, inner)
{
    public string FileName { get; } = fileName;
}

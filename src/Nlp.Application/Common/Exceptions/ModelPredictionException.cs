namespace Nlp.Application.Common.Exceptions;

/// <summary>
/// A served model cannot score a text it was given: the model's files do not fit each other (for example its tokenizer
/// gives a token id outside its Embedding's <c>input_dim</c>; Keras on CPU raises there too). The server's problem, not
/// the caller's. The message names the model, the layer and the problem, never the text, and is safe to show.
/// </summary>
public sealed class ModelPredictionException(string modelIdentifier, string problem, Exception? inner = null)
    : Exception($"Model '{modelIdentifier}' cannot score this text: {problem}", inner)
{
    public string ModelIdentifier { get; } = modelIdentifier;
}

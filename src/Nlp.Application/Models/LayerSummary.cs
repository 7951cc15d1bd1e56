namespace Nlp.Application.Models;

/// <summary>One layer of a loaded network: name, Keras class, output shape (without batch), parameter count.</summary>
public sealed record LayerSummary(string Name, string ClassName, string OutputShape, long Parameters);

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>The optional <c>serving.yaml</c> of a model folder (CONTRACT.md section 5); every key is optional.</summary>
internal sealed class ServingSettings
{
    public string? Architecture { get; set; }

    public string? Weights { get; set; }

    public string? Tokenizer { get; set; }

    public string? Encoder { get; set; }

    /// <summary>Either a list of names or the name of a file (pickled or JSON list of names).</summary>
    public object? Labels { get; set; }

    /// <summary>The output layer to serve when the model has several outputs.</summary>
    public string? Output { get; set; }

    public InputSettings Input { get; set; } = new();

    public List<LoadCheck> Checks { get; set; } = [];

    internal sealed class InputSettings
    {
        /// <summary><c>binary</c>, <c>count</c> (default), <c>tfidf</c>, <c>freq</c> or <c>sequences</c>.</summary>
        public string Mode { get; set; } = "count";

        public int? Maxlen { get; set; }

        public string Padding { get; set; } = "pre";

        public string Truncating { get; set; } = "pre";

        public float Value { get; set; }
    }

    internal sealed class LoadCheck
    {
        public string Text { get; set; } = string.Empty;

        public string? Label { get; set; }

        public List<float>? Scores { get; set; }

        public float Tolerance { get; set; } = 0.01f;
    }
}

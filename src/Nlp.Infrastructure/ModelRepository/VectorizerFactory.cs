using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Inference.Layers;
using Nlp.Infrastructure.Pickle;
using Nlp.Infrastructure.Preprocessing;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>Chooses the input pipeline from <c>input.mode</c> and checks it fits the network's input shape.</summary>
internal static class VectorizerFactory
{
    private const long MaxTokenizerBytes = 64L * 1024 * 1024;

    /// <summary>
    /// The vectorizer for <paramref name="input"/>; what makes some texts fail at prediction without failing the load
    /// (token ids the network's Embedding does not accept) is added to <paramref name="warnings"/>.
    /// </summary>
    public static ITextVectorizer Create(
        string folder, ModelFolderFiles files, ServingSettings.InputSettings input, CompiledNetwork network, List<string>? warnings = null) =>
        Create(files, ReadTokenizer(folder, files), input, network, warnings);

    /// <summary>The folder's tokenizer pickle, read and checked (it needs nothing else of the folder).</summary>
    public static KerasTokenizer ReadTokenizer(string folder, ModelFolderFiles files)
    {
        var tokenizerFile = TokenizerFile(files);
        return KerasTokenizer.Load(BoundedFile.ReadBytes(Path.Combine(folder, tokenizerFile), tokenizerFile, MaxTokenizerBytes), tokenizerFile);
    }

    /// <summary>The vectorizer for <paramref name="input"/> over a tokenizer already read (<see cref="ReadTokenizer"/>).</summary>
    public static ITextVectorizer Create(
        ModelFolderFiles files, KerasTokenizer tokenizer, ServingSettings.InputSettings input, CompiledNetwork network, List<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var tokenizerFile = TokenizerFile(files);
        var shape = network.InputShape;

        if (input.Mode.Equals("sequences", StringComparison.OrdinalIgnoreCase))
        {
            if (shape.Length != 1)
            {
                throw new ModelFormatException(files.Architecture ?? files.Weights,
                    $"input mode 'sequences' needs a network input of shape [timesteps], but it is {Shapes.Describe(shape)}.");
            }

            var maxLength = input.Maxlen ?? shape[0];
            if (maxLength > network.MaxActivationValues)
            {
                throw new ModelFormatException(ServingSettingsReader.FileName,
                    $"input.maxlen {maxLength} is over the limit of {network.MaxActivationValues} steps per text (Prediction:MaxActivationValues).");
            }

            if (input.Maxlen is { } m && shape[0] is { } fixedLength && m != fixedLength)
            {
                throw new ModelFormatException(ServingSettingsReader.FileName,
                    $"input.maxlen is {m} but the network expects {fixedLength} timesteps.");
            }

            warnings?.AddRange(TokenIdWarnings(tokenizerFile, tokenizer, (int)input.Value, network));
            return new SequenceVectorizer(tokenizer, maxLength, IsPost(input.Padding, "padding"), IsPost(input.Truncating, "truncating"), input.Value);
        }

        var mode = input.Mode.ToLowerInvariant() switch
        {
            "binary" => TokenizerMatrixMode.Binary,
            "count" => TokenizerMatrixMode.Count,
            "tfidf" => TokenizerMatrixMode.Tfidf,
            "freq" => TokenizerMatrixMode.Freq,
            _ => throw new ModelFormatException(ServingSettingsReader.FileName,
                $"input.mode '{input.Mode}' is not one of binary, count, tfidf, freq, sequences."),
        };
        if (shape.Length != 1 || shape[0] != tokenizer.MatrixWidth)
        {
            throw new ModelFormatException(tokenizerFile,
                $"texts_to_matrix gives {tokenizer.MatrixWidth} columns but the network expects input {Shapes.Describe(shape)}.");
        }

        return new MatrixVectorizer(tokenizer, mode);
    }

    // Keras on CPU raises for an id outside [0, input_dim) (TensorFlow's gather), so such a model serves every text
    // that avoids those ids: a warning, not a failed load. Padding is cast to int32 as pad_sequences does.
    private static IEnumerable<string> TokenIdWarnings(string tokenizerFile, KerasTokenizer tokenizer, int padValue, CompiledNetwork network)
    {
        foreach (var (layer, inputDim) in network.EmbeddingsOnInputs())
        {
            if (tokenizer.LargestId >= inputDim)
            {
                yield return $"{tokenizerFile} gives token ids up to {tokenizer.LargestId}, but Embedding '{layer}' accepts 0 to {inputDim - 1} " +
                    $"(input_dim {inputDim}): a text with a word of a larger id cannot be scored, as in Keras.";
            }

            if (padValue < 0 || padValue >= inputDim)
            {
                yield return $"input.value {padValue} (the padding id) is outside 0 to {inputDim - 1}, what Embedding '{layer}' accepts: " +
                    "a text shorter than the input cannot be scored.";
            }
        }
    }

    private static string TokenizerFile(ModelFolderFiles files) =>
        files.Tokenizer ?? throw new ModelFormatException(ServingSettingsReader.FileName,
            "no tokenizer: the folder has no *tok*.pkl file and serving.yaml names none.");

    private static bool IsPost(string value, string key) => value.ToLowerInvariant() switch
    {
        "pre" => false,
        "post" => true,
        _ => throw new ModelFormatException(ServingSettingsReader.FileName, $"input.{key} must be 'pre' or 'post', not '{value}'."),
    };
}

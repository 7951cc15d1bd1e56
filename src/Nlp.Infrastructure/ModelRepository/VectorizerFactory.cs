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

    public static ITextVectorizer Create(string folder, ModelFolderFiles files, ServingSettings.InputSettings input, CompiledNetwork network)
    {
        var tokenizerFile = files.Tokenizer ?? throw new ModelFormatException(ServingSettingsReader.FileName,
            "no tokenizer: the folder has no *tok*.pkl file and serving.yaml names none.");
        var tokenizer = KerasTokenizer.Load(
            BoundedFile.ReadBytes(Path.Combine(folder, tokenizerFile), tokenizerFile, MaxTokenizerBytes), tokenizerFile);
        var shape = network.InputShape;

        if (input.Mode.Equals("sequences", StringComparison.OrdinalIgnoreCase))
        {
            if (shape.Length != 1)
            {
                throw new ModelFormatException(files.Architecture ?? files.Weights,
                    $"input mode 'sequences' needs a network input of shape [timesteps], but it is {Shapes.Describe(shape)}.");
            }

            var maxLength = input.Maxlen ?? shape[0];
            if (maxLength > ActivationLimit.MaxValuesPerSample)
            {
                throw new ModelFormatException(ServingSettingsReader.FileName,
                    $"input.maxlen {maxLength} is over the limit of {ActivationLimit.MaxValuesPerSample} steps per text.");
            }

            if (input.Maxlen is { } m && shape[0] is { } fixedLength && m != fixedLength)
            {
                throw new ModelFormatException(ServingSettingsReader.FileName,
                    $"input.maxlen is {m} but the network expects {fixedLength} timesteps.");
            }

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

    private static bool IsPost(string value, string key) => value.ToLowerInvariant() switch
    {
        "pre" => false,
        "post" => true,
        _ => throw new ModelFormatException(ServingSettingsReader.FileName, $"input.{key} must be 'pre' or 'post', not '{value}'."),
    };
}

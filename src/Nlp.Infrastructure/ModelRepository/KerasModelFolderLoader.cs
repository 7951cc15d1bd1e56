using Nlp.Application.Common.Exceptions;
using Nlp.Application.Common.Interfaces;
using Nlp.Application.Common.Telemetry;
using Nlp.Domain;
using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Hdf5;
using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Inference.Layers;
using Nlp.Infrastructure.Keras;
using Nlp.Infrastructure.Pickle;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>
/// Builds a served model from a Keras model folder: serving.yaml, architecture, H5 weights, tokenizer, labels, then
/// the load-time checks. Every failure becomes a <see cref="ModelLoadException"/> naming the model and the file.
/// The forward passes of one call of the models it loads (a text, or every part of a batch) may run for
/// <paramref name="maxComputeTime"/> together (null: no limit), timed by <paramref name="time"/> (the system clock); a
/// layer output may hold at most <paramref name="maxActivationValues"/> values per text (<see cref="ActivationLimit"/>), and
/// one forward pass of a batch at most <paramref name="maxPassValues"/> pooled values (<see cref="BatchParts"/>).
/// </summary>
internal sealed class KerasModelFolderLoader(
    PredictionMetrics metrics, TimeSpan? maxComputeTime = null, TimeProvider? time = null, long maxActivationValues = ActivationLimit.DefaultMaxValuesPerSample,
    long maxPassValues = BatchParts.DefaultBudget)
    : IModelLoader
{
    private readonly NetworkBuilder builder = maxActivationValues == ActivationLimit.DefaultMaxValuesPerSample
        ? NetworkBuilder.Default
        : new NetworkBuilder(LayerRegistry.Default, maxActivationValues);

    public ITextClassifier Load(ModelIdentifier identifier, string folder, CancellationToken cancellationToken)
    {
        try
        {
            var settings = ServingSettingsReader.Read(folder);
            var files = ModelFolderFiles.Discover(folder, settings);
            cancellationToken.ThrowIfCancellationRequested();

            // The pickles and the files' hashes need nothing the steps below compute: they run beside them, and each
            // is taken (its error thrown) where it would have run (docs/benchmarks.md, eleventh round).
            var labelsRead = new SideRead<IReadOnlyList<string>>(() => LabelSource.Read(folder, files, settings));
            var tokenizerRead = new SideRead<KerasTokenizer>(() => VectorizerFactory.ReadTokenizer(folder, files));
            var hashesRead = new SideRead<Dictionary<string, string>>(() => ModelDetailsFactory.HashFiles(folder, files, settings));

            var weightsPath = Path.Combine(folder, files.Weights);
            var weights = KerasArchiveReader.IsArchive(files.Weights)
                ? KerasArchiveReader.Read(weightsPath, files.Weights)
                : Hdf5WeightReader.Read(weightsPath, files.Weights);
            var architectureSource = files.Architecture ?? files.Weights;
            var architecture = files.Architecture is { } name
                ? ArchitectureReader.ReadFile(Path.Combine(folder, name), name)
                : ArchitectureReader.Parse(weights.ModelConfigJson ?? throw NoArchitecture(files), files.Weights);
            var network = builder.Build(architecture, weights, architectureSource);
            if (network.InputNames.Count != 1)
            {
                throw new ModelFormatException(architectureSource,
                    $"the network has {network.InputNames.Count} inputs ({string.Join(", ", network.InputNames)}); a served text model has one.");
            }

            var outputWidth = ServedOutputWidth(network, settings.Output, architectureSource);
            cancellationToken.ThrowIfCancellationRequested();

            var labels = labelsRead.Get();
            if (labels.Count != outputWidth)
            {
                throw new ModelFormatException(LabelSource.Describe(files, settings),
                    $"{labels.Count} labels, but the network's output has {outputWidth} values.");
            }

            var warnings = new List<string>();
            var vectorizer = VectorizerFactory.Create(files, tokenizerRead.Get(), settings.Input, network, warnings);
            var details = ModelDetailsFactory.Create(hashesRead.Get(), labels, vectorizer, network, warnings);
            var model = new KerasTextClassifier(identifier, vectorizer, network, settings.Output, labels, details, metrics)
            {
                MaxComputeTime = maxComputeTime,
                Time = time ?? TimeProvider.System,
                MaxPassValues = maxPassValues,
            };
            LoadChecks.Run(model, settings.Checks);
            return model;
        }
        catch (ModelFormatException e)
        {
            throw new ModelLoadException(identifier.Value, e.FileName, e.Message, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException(identifier.Value, null, $"the folder cannot be read ({e.GetType().Name}).", e);
        }
    }

    /// <summary>The served output must be one score per label: shape [labels].</summary>
    private static int ServedOutputWidth(CompiledNetwork network, string? outputName, string architectureFile)
    {
        var shape = network.OutputShapeOf(outputName) ?? throw new ModelFormatException(ServingSettingsReader.FileName,
            $"output '{outputName}' is not an output of the network (outputs: {string.Join(", ", network.OutputNames)}).");
        return shape is [{ } width]
            ? width
            : throw new ModelFormatException(architectureFile,
                $"the served output '{outputName ?? network.OutputNames[0]}' has shape {Shapes.Describe(shape)}; a classifier output must be one score per label.");
    }

    private static ModelFormatException NoArchitecture(ModelFolderFiles files) =>
        new(files.Weights, "no architecture: the folder has no *.yaml, *.yml or *.json file and the weights file holds no model_config.");
}

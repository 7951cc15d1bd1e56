using Nlp.Application.Common.Exceptions;
using Nlp.Application.Common.Interfaces;
using Nlp.Domain;
using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Hdf5;
using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Keras;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>
/// Builds a served model from a Keras model folder: serving.yaml, architecture, H5 weights, tokenizer, labels, then
/// the load-time checks. Every failure becomes a <see cref="ModelLoadException"/> naming the model and the file.
/// </summary>
internal sealed class KerasModelFolderLoader : IModelLoader
{
    public ITextClassifier Load(ModelIdentifier identifier, string folder, CancellationToken cancellationToken)
    {
        try
        {
            var settings = ServingSettingsReader.Read(folder);
            var files = ModelFolderFiles.Discover(folder, settings);
            cancellationToken.ThrowIfCancellationRequested();

            var weights = Hdf5WeightReader.Read(Path.Combine(folder, files.Weights), files.Weights);
            var (architectureText, architectureSource) = ReadArchitecture(folder, files, weights);
            var architecture = ArchitectureReader.Parse(architectureText, architectureSource);
            var network = NetworkBuilder.Build(architecture, weights, files.Weights, settings.Output);
            cancellationToken.ThrowIfCancellationRequested();

            var labels = LabelSource.Read(folder, files, settings);
            if (labels.Count != network.OutputWidth)
            {
                throw new ModelFormatException(LabelSource.Describe(files, settings),
                    $"{labels.Count} labels, but the network's output has {network.OutputWidth} values.");
            }

            var vectorizer = VectorizerFactory.Create(folder, files, settings.Input, network);
            var model = new KerasTextClassifier(identifier, vectorizer, network, labels);
            LoadChecks.Run(model, settings.Checks);
            return model;
        }
        catch (ModelFormatException e)
        {
            throw new ModelLoadException(identifier.Value, e.FileName, e.Message, e);
        }
        catch (ModelLoadException)
        {
            throw;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException(identifier.Value, null, $"the folder cannot be read ({e.GetType().Name}).", e);
        }
    }

    private static (string Text, string Source) ReadArchitecture(string folder, ModelFolderFiles files, KerasWeightsFile weights)
    {
        if (files.Architecture is { } name)
        {
            return (BoundedFile.ReadText(Path.Combine(folder, name), name, ArchitectureReader.MaxBytes), name);
        }

        return weights.ModelConfigJson is { } config
            ? (config, files.Weights)
            : throw new ModelFormatException(files.Weights,
                "no architecture: the folder has no *.yaml, *.yml or *.json file and the weights file holds no model_config.");
    }
}

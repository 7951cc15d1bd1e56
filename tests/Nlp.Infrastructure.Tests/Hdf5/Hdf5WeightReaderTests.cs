using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Hdf5;
using Nlp.Infrastructure.Keras;
using Nlp.Infrastructure.Tests.Inference;

namespace Nlp.Infrastructure.Tests.Hdf5;

public sealed class Hdf5WeightReaderTests
{
    [Fact]
    public void Save_weights_files_list_layers_in_order_with_empty_weight_lists_for_dropout()
    {
        var file = EngineFixtures.Weights("seq_dense.weights.h5");

        Assert.Equal(KerasWeightsLayout.SavedWeights, file.Layout);
        Assert.Equal(["dense_1", "dropout_1", "dense_2", "dropout_2", "dense_3"], file.Layers.Select(l => l.Name));
        Assert.Empty(file.Layers[1].Weights);
        Assert.Equal(["dense_1/kernel:0", "dense_1/bias:0"], file.Layers[0].Weights.Select(w => w.Name));
        Assert.Equal([20, 16], file.Layers[0].Weights[0].Shape);
        Assert.Equal([6], file.Layers[4].Weights[1].Shape);
        Assert.Equal("2.2.4", file.KerasVersion);
        Assert.Equal("tensorflow", file.Backend);
        Assert.Equal(2, file.KerasMajorVersion);
        Assert.Null(file.ModelConfigJson);
        Assert.Equal(618, file.ValueCount);
    }

    [Fact]
    public void Full_model_files_hold_the_same_weights_and_a_model_config()
    {
        var weightsOnly = EngineFixtures.Weights("seq_dense.weights.h5");
        var full = EngineFixtures.Weights("seq_dense.full.h5");

        Assert.Equal(KerasWeightsLayout.FullModel, full.Layout);
        Assert.Equal(weightsOnly.Layers.Select(l => l.Name), full.Layers.Select(l => l.Name));
        foreach (var (a, b) in weightsOnly.Layers.SelectMany(l => l.Weights).Zip(full.Layers.SelectMany(l => l.Weights)))
        {
            Assert.Equal(a.Shape, b.Shape);
            Assert.Equal(a.Values, b.Values);
        }

        var architecture = ArchitectureReader.Parse(full.ModelConfigJson!, full.FileName);
        Assert.Equal(["dense_1_input", "dense_1", "dropout_1", "dense_2", "dropout_2", "dense_3"], architecture.Layers.Select(l => l.Name));
    }

    [Theory]
    [InlineData("seq_dense.f16.h5", 1e-3)]
    [InlineData("seq_dense.f64.h5", 1e-7)]
    public void Float16_and_float64_weights_become_float32(string name, double tolerance)
    {
        var reference = EngineFixtures.Weights("seq_dense.weights.h5").Layers.SelectMany(l => l.Weights).ToList();
        var converted = EngineFixtures.Weights(name).Layers.SelectMany(l => l.Weights).ToList();

        Assert.Equal(reference.Count, converted.Count);
        foreach (var (a, b) in reference.Zip(converted))
        {
            Assert.Equal(a.Shape, b.Shape);
            EngineFixtures.AssertClose(a.Values, b.Values, tolerance);
        }
    }

    [Fact]
    public void Keras3_legacy_h5_files_use_variable_length_names_without_suffixes()
    {
        var file = EngineFixtures.Weights("seq_k3.legacy.h5");

        Assert.Equal(KerasWeightsLayout.SavedWeights, file.Layout);
        Assert.Equal(3, file.KerasMajorVersion);
        Assert.Equal(["dense", "dropout", "dense_1"], file.Layers.Select(l => l.Name));
        Assert.Equal(["sequential/dense/kernel", "sequential/dense/bias"], file.Layers[0].Weights.Select(w => w.Name));
        Assert.Empty(file.Layers[1].Weights);
    }

    [Fact]
    public void Keras3_weights_files_are_read_by_class_keys()
    {
        var legacy = EngineFixtures.Weights("func_k3.legacy.h5");
        var file = EngineFixtures.Weights("func_k3.weights.h5");

        Assert.Equal(KerasWeightsLayout.Keras3, file.Layout);
        Assert.Equal(3, file.KerasMajorVersion);
        Assert.Equal(["dense", "dense_1", "dropout", "input_layer"], file.Layers.Select(l => l.Name));
        Assert.Equal(["vars/0", "vars/1"], file.Layers[0].Weights.Select(w => w.Name));
        Assert.Equal(legacy.Layers.Single(l => l.Name == "hidden").Weights[0].Values, file.Layers[0].Weights[0].Values);
        Assert.Equal(legacy.Layers.Single(l => l.Name == "scores").Weights[1].Values, file.Layers[1].Weights[1].Values);
    }

    [Fact]
    public void Layer_names_split_over_several_attributes_are_joined()
    {
        var file = EngineFixtures.Weights("many_layers.h5");

        Assert.Equal(17, file.Layers.Count);
        Assert.StartsWith("dropout_000_xxx", file.Layers[0].Name, StringComparison.Ordinal);
        Assert.StartsWith("dropout_015_xxx", file.Layers[15].Name, StringComparison.Ordinal);
        Assert.Equal("dense_1", file.Layers[16].Name);
        Assert.Equal(2, file.Layers[16].Weights.Count);
    }

    [Fact]
    public void A_truncated_file_is_a_model_format_error_naming_the_file()
    {
        var error = Assert.Throws<ModelFormatException>(() => EngineFixtures.Weights("seq_dense.truncated.h5"));

        Assert.Equal("seq_dense.truncated.h5", error.FileName);
        Assert.Contains("cannot be read as HDF5", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_prefix_of_a_real_file_fails_cleanly()
    {
        var bytes = File.ReadAllBytes(EngineFixtures.Path("seq_dense.full.h5"));
        var path = System.IO.Path.GetTempFileName();
        try
        {
            foreach (var length in new[] { 0, 7, 8, 100, 512, 2048, bytes.Length / 3, bytes.Length - 1 })
            {
                File.WriteAllBytes(path, bytes[..length]);
                var error = Assert.Throws<ModelFormatException>(() => Hdf5WeightReader.Read(path, "weights.h5"));
                Assert.Equal("weights.h5", error.FileName);
                Assert.DoesNotContain(path, error.Message, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_file_that_is_not_hdf5_or_is_missing_is_refused()
    {
        var notHdf5 = Assert.Throws<ModelFormatException>(() => Hdf5WeightReader.Read(EngineFixtures.Path("seq_dense.json"), "seq_dense.json"));
        Assert.Contains("cannot be read as HDF5", notHdf5.Message, StringComparison.Ordinal);

        var missing = Assert.Throws<ModelFormatException>(() => Hdf5WeightReader.Read("/nonexistent/weights.h5", "weights.h5"));
        Assert.Equal("weights.h5", missing.FileName);
        Assert.DoesNotContain("/nonexistent", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_can_be_read_from_a_seekable_stream()
    {
        using var stream = new MemoryStream(File.ReadAllBytes(EngineFixtures.Path("seq_k3.weights.h5")));

        var file = Hdf5WeightReader.Read(stream, "model.weights.h5");

        Assert.Equal(KerasWeightsLayout.Keras3, file.Layout);
        Assert.Equal("model.weights.h5", file.FileName);
        Assert.Equal(["dense", "dense_1", "dropout"], file.Layers.Select(l => l.Name));
        Assert.True(stream.CanRead);
    }
}

using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Hdf5;
using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Keras;
using Nlp.Infrastructure.Tests.Inference.Recurrent;

namespace Nlp.Infrastructure.Tests.Inference;

/// <summary>
/// An architecture cannot make a request allocate gigabytes: every layer output is at most
/// <see cref="ActivationLimit.DefaultMaxValuesPerSample"/> values per text (or the deployment's
/// <c>Prediction:MaxActivationValues</c>), refused when the network is built where the shape is known, and before the
/// buffer is rented where a length is known only at run time.
/// </summary>
public sealed class ActivationLimitTests
{
    private static readonly KerasWeightsFile NoWeights = new("model.h5", KerasWeightsLayout.SavedWeights, [], null, "2.2.4", "tensorflow");

    [Fact]
    public void A_repeat_vector_of_a_hundred_million_steps_is_refused_when_the_network_is_built()
    {
        var architecture = Sequential("""{"class_name": "RepeatVector", "config": {"name": "rep", "n": 100000000}}""", "[null, 3]");

        var error = Assert.Throws<ModelFormatException>(() => NetworkBuilder.Default.Build(architecture, NoWeights, "model.json"));

        Assert.Equal("model.json", error.FileName);
        Assert.Contains("layer 'rep' (RepeatVector) outputs [100000000, 3] per text: 300,000,000 values per text, over the limit of 16,777,216", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_input_of_two_billion_steps_is_refused_when_the_network_is_built()
    {
        var architecture = Sequential("""{"class_name": "GlobalAveragePooling1D", "config": {"name": "pool"}}""", "[null, 2000000000, 1]");

        var error = Assert.Throws<ModelFormatException>(() => NetworkBuilder.Default.Build(architecture, NoWeights, "model.json"));

        Assert.Contains("(InputLayer) outputs [2000000000, 1] per text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shape_whose_size_overflows_is_refused()
    {
        // 65536 x 65536 x 2 overflows a 32-bit size; the limit counts in 64 bits and saturates.
        var architecture = Sequential("""{"class_name": "RepeatVector", "config": {"name": "rep", "n": 65536}}""", "[null, 131072]");

        var error = Assert.Throws<ModelFormatException>(() => NetworkBuilder.Default.Build(architecture, NoWeights, "model.json"));

        Assert.Contains("layer 'rep' (RepeatVector) outputs [65536, 131072] per text: 8,589,934,592 values per text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_largest_allowed_output_is_built_and_runs()
    {
        // 4096 steps x 4096 features = exactly the limit.
        var architecture = Sequential("""{"class_name": "RepeatVector", "config": {"name": "rep", "n": 4096}}""", "[null, 4096]");
        var network = NetworkBuilder.Default.Build(architecture, NoWeights, "model.json");

        var output = network.Forward(new Tensor(1, [4096], new float[4096]));

        Assert.Equal([4096, 4096], output.Shape);
    }

    [Fact]
    public void A_run_time_length_over_the_limit_is_refused_before_its_buffer_is_rented()
    {
        // Embedding(10, 4096) on a variable number of steps: 4,097 ids make 16,781,312 values per text.
        var weights = new KerasWeightsFile("model.h5", KerasWeightsLayout.SavedWeights,
            [new LayerWeights("emb", [TestLayers.Random(new Random(5), "emb/embeddings:0", 10, 4096)])], null, "2.2.4", "tensorflow");
        var architecture = ArchitectureReader.Parse("""
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "Embedding", "config": {"name": "emb", "input_dim": 10, "output_dim": 4096, "batch_input_shape": [null, null]}}]}}
            """, "model.json");
        var network = NetworkBuilder.Default.Build(architecture, weights, "model.json");

        Assert.Equal([4096, 4096], network.Forward(new Tensor(1, [4096], new float[4096])).Shape);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ActivationLimitException>(() => network.Forward(new Tensor(1, [4097], new float[4097])));

        Assert.Contains("a layer output of shape [4097, 4096] would hold 16,781,312 values per text, over the limit", error.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024 * 1024, "the refused output was allocated");
    }

    [Fact]
    public void Attention_scores_over_the_limit_are_refused_before_they_are_allocated()
    {
        // Self-attention on a variable number of steps: 4,097 steps make a 4,097 x 4,097 score matrix per text.
        var network = NetworkBuilder.Default.Build(SelfAttention(), NoWeights, "model.json");

        Assert.Equal([8, 2], network.Forward(new Tensor(1, [8, 2], new float[16])).Shape);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ActivationLimitException>(() => network.Forward(new Tensor(1, [4097, 2], new float[8194])));

        Assert.Contains("Attention scores of shape [4097, 4097] would hold 16,785,409 values per text", error.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024 * 1024, "the refused scores were allocated");
    }

    [Fact]
    public void A_deployment_may_raise_the_limit_for_shapes_known_at_load_and_at_run_time()
    {
        const long Raised = 1L << 25;
        var repeat = Sequential("""{"class_name": "RepeatVector", "config": {"name": "rep", "n": 4097}}""", "[null, 4096]");
        Assert.Throws<ModelFormatException>(() => NetworkBuilder.Default.Build(repeat, NoWeights, "model.json"));

        var built = new NetworkBuilder(LayerRegistry.Default, Raised).Build(repeat, NoWeights, "model.json");

        Assert.Equal(Raised, built.MaxActivationValues);
        Assert.Equal([4097, 4096], built.Forward(new Tensor(1, [4096], new float[4096])).Shape);

        // Self-attention over 4,200 steps: 17,640,000 scores per text, over the default, within the raised limit.
        var attention = SelfAttention();
        var input = new Tensor(1, [4200, 2], new float[8400]);
        Assert.Throws<ActivationLimitException>(() => NetworkBuilder.Default.Build(attention, NoWeights, "model.json").Forward(input));
        Assert.Equal([4200, 2], new NetworkBuilder(LayerRegistry.Default, Raised).Build(attention, NoWeights, "model.json").Forward(input).Shape);
    }

    [Fact]
    public void A_deployment_may_lower_the_limit()
    {
        var architecture = Sequential("""{"class_name": "RepeatVector", "config": {"name": "rep", "n": 64}}""", "[null, 64]");
        Assert.Equal([64, 64], NetworkBuilder.Default.Build(architecture, NoWeights, "model.json").Forward(new Tensor(1, [64], new float[64])).Shape);

        var error = Assert.Throws<ModelFormatException>(() => new NetworkBuilder(LayerRegistry.Default, 4095).Build(architecture, NoWeights, "model.json"));

        Assert.Contains("4,096 values per text, over the limit of 4,095 (0.02 MiB, Prediction:MaxActivationValues)", error.Message, StringComparison.Ordinal);
    }

    private static ModelArchitecture Sequential(string layer, string inputShape) => ArchitectureReader.Parse($$$"""
        {"class_name": "Sequential", "config": {"name": "s", "layers": [
          {"class_name": "InputLayer", "config": {"name": "in", "batch_input_shape": {{{inputShape}}}}},
          {{{layer}}}]}}
        """, "model.json");

    // Self-attention (Keras Attention, query = value) on a variable number of steps of 2 features.
    private static ModelArchitecture SelfAttention() => ArchitectureReader.Parse("""
        {"class_name": "Model", "config": {"name": "m", "layers": [
          {"class_name": "InputLayer", "name": "in", "config": {"batch_input_shape": [null, null, 2], "name": "in"}, "inbound_nodes": []},
          {"class_name": "Attention", "name": "att", "config": {"name": "att", "use_scale": false}, "inbound_nodes": [[["in", 0, 0, {}], ["in", 0, 0, {}]]]}],
          "input_layers": [["in", 0, 0]], "output_layers": [["att", 0, 0]]}}
        """, "model.json");
}

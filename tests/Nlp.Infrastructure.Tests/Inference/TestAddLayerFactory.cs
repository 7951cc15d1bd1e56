using System.Text.Json.Nodes;
using Nlp.Infrastructure.Inference;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Nlp.Infrastructure.Tests.Inference;

/// <summary>A minimal element-wise <c>Add</c>, test-only, to exercise graphs whose layers merge several inputs.</summary>
internal sealed class TestAddLayerFactory : ILayerFactory
{
    public IReadOnlyCollection<string> ClassNames { get; } = ["Add"];

    public bool HasWeights(JsonObject config) => false;

    public BuiltLayer Create(LayerBuildContext context) => new(new AddLayer(context.Name), context.InputShapes[0]);

    private sealed class AddLayer(string name) : ILayer
    {
        public string Name { get; } = name;

        public string ClassName => "Add";

        public long ParameterCount => 0;

        public Tensor Forward(IReadOnlyList<Tensor> inputs)
        {
            var size = inputs[0].Batch * inputs[0].SampleSize;
            var sum = new float[size];
            foreach (var input in inputs)
            {
                TensorPrimitives.Add(sum, input.Data.AsSpan(0, size), sum);
            }

            return new Tensor(inputs[0].Batch, inputs[0].Shape, sum);
        }
    }
}

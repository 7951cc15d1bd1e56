using Nlp.Infrastructure.Inference;

namespace Nlp.Conformance.Tests.KerasVectors;

/// <summary>
/// A test-side linear <c>Dense</c> (kernel <c>[in, units]</c>, optional bias), only to feed the merge and noise
/// vectors, whose models put linear Dense layers before the layer under test. The engine's own Dense belongs to
/// another part of the engine and is tested there; the runner refuses any other activation.
/// </summary>
internal sealed class CoreVectorLinearDense(string name, float[] kernel, float[]? bias, int units) : ILayer
{
    public string Name { get; } = name;

    public string ClassName => "Dense";

    public long ParameterCount => kernel.Length + (bias?.Length ?? 0);

    public Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        var x = inputs[0];
        var features = x.SampleSize;
        var output = Tensor.Zeros(x.Batch, [units]);
        for (var b = 0; b < x.Batch; b++)
        {
            var sample = x.Sample(b);
            var y = output.Sample(b);
            for (var u = 0; u < units; u++)
            {
                var sum = bias?[u] ?? 0f;
                for (var i = 0; i < features; i++)
                {
                    sum += sample[i] * kernel[(i * units) + u];
                }

                y[u] = sum;
            }
        }

        return output;
    }
}

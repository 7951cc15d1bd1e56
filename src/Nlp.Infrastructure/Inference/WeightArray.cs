namespace Nlp.Infrastructure.Inference;

/// <summary>One stored weight (for example <c>dense_1/kernel:0</c>), converted to float32, row-major.</summary>
internal sealed record WeightArray(string Name, int[] Shape, float[] Values)
{
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}

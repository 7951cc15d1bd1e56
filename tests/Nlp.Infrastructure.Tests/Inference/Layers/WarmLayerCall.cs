using Nlp.Infrastructure.Inference;

namespace Nlp.Infrastructure.Tests.Inference.Layers;

/// <summary>
/// A layer run as a network call runs it, twice in one workspace (released in between): the second call's output
/// (valid while the workspace is not released) and the bytes it allocated on this thread.
/// </summary>
internal static class WarmLayerCall
{
    public static (Tensor Output, long Allocated) Second(ILayer layer, Tensor[] inputs)
    {
        var workspace = new ForwardWorkspace(1, [], 1);
        var scratch = new LayerScratch(workspace);
        layer.Forward(inputs, scratch);
        workspace.Release();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var output = layer.Forward(inputs, scratch);
        return (output, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

using Nlp.Domain;
using Nlp.Infrastructure.ModelRepository;

namespace Nlp.Infrastructure.Tests.ModelRepository;

/// <summary>What a warm prediction allocates on the calling thread, and what its answer alone takes.</summary>
internal static class PredictionAllocations
{
    /// <summary>Bytes per <c>PredictBatch</c> of one text, averaged over <paramref name="calls"/> after as many to warm up.</summary>
    public static long BytesPerPrediction(KerasTextClassifier model, string text, int calls)
    {
        string[] texts = [text];
        for (var i = 0; i < calls; i++)
        {
            model.PredictBatch(texts);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < calls; i++)
        {
            model.PredictBatch(texts);
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / calls;
    }

    /// <summary>What the answer itself takes: the array of predictions and one prediction of the model's scores.</summary>
    public static long AnswerBytes(KerasTextClassifier model, string text)
    {
        var scores = new float[model.Labels.Count];
        _ = new[] { new Prediction(text, model.Labels, scores) };
        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = new[] { new Prediction(text, model.Labels, scores) };
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}

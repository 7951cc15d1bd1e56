using Nlp.Api.Formatting;
using Nlp.Domain;

namespace Nlp.Api.Contracts;

/// <summary>Maps a domain <see cref="Prediction"/> to the wire shape of CONTRACT.md section 2.</summary>
internal static class PredictionMapper
{
    public static PredictResponse ToResponse(this Prediction prediction, bool includeAllTopics)
    {
        var top = prediction.Top;
        var topics = includeAllTopics
            ? prediction.Topics.Select(static t => new TopicScoreDto(t.Label, t.Score)).ToArray()
            : null;
        return new PredictResponse(prediction.Text, new TopicDto(top.Label, PythonScoreFormatter.Format(top.Score)), topics);
    }
}

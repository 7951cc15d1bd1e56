using Nlp.Domain;

namespace Nlp.Domain.Tests;

public sealed class PredictionTests
{
    [Fact]
    public void Topics_are_sorted_highest_first()
    {
        var prediction = new Prediction("t", ["a", "b", "c"], [0.1f, 0.7f, 0.2f]);

        Assert.Equal(["b", "c", "a"], prediction.Topics.Select(t => t.Label));
        Assert.Equal(new LabelScore("b", 0.7f), prediction.Top);
        Assert.Equal("t", prediction.Text);
    }

    [Fact]
    public void Ties_keep_output_order_like_numpy_argmax()
    {
        var prediction = new Prediction("t", ["a", "b", "c"], [0.2f, 0.5f, 0.5f]);

        Assert.Equal("b", prediction.Top.Label);
    }

    [Fact]
    public void Ranking_equals_a_stable_descending_sort_with_ties_and_nan_last()
    {
        var random = new Random(3);
        for (var round = 0; round < 200; round++)
        {
            var count = random.Next(1, 12);
            var labels = Enumerable.Range(0, count).Select(i => $"l{i}").ToArray();
            var scores = Enumerable.Range(0, count).Select(_ => random.Next(6) switch
            {
                0 => float.NaN,
                1 => 0.5f,
                _ => random.Next(4) / 4f,
            }).ToArray();

            var prediction = new Prediction("t", labels, scores);

            var expected = labels.Zip(scores, (l, s) => new LabelScore(l, s)).OrderByDescending(t => t.Score).ToArray();
            Assert.Equal(expected, prediction.Topics);
        }
    }

    [Fact]
    public void Label_count_must_equal_output_count() =>
        Assert.Throws<DomainException>(() => new Prediction("t", ["a"], [0.1f, 0.2f]));
}

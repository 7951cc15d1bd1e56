using System.Globalization;
using Nlp.Application.Common.Exceptions;
using Nlp.Domain;
using Nlp.Infrastructure.Common;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>The <c>checks:</c> of serving.yaml: run once at load; a model that fails one is not served.</summary>
internal static class LoadChecks
{
    public static void Run(KerasTextClassifier model, IReadOnlyList<ServingSettings.LoadCheck> checks)
    {
        for (var i = 0; i < checks.Count; i++)
        {
            var check = checks[i];
            var name = $"check {i + 1} (\"{Shorten(check.Text)}\")";
            try
            {
                Run(model, check, name);
            }
            catch (Exception e) when (e is DomainException or ModelPredictionException)
            {
                throw new ModelFormatException(ServingSettingsReader.FileName, $"{name} failed: {e.Message}");
            }
        }
    }

    private static void Run(KerasTextClassifier model, ServingSettings.LoadCheck check, string name)
    {
        var prediction = model.Predict(check.Text);
        if (check.Label is { } label && prediction.Top.Label != label)
        {
            throw new ModelFormatException(ServingSettingsReader.FileName,
                $"{name} failed: expected label '{label}', the model answers '{prediction.Top.Label}'.");
        }

        if (check.Scores is { } expected)
        {
            CompareScores(model, check, expected, name);
        }
    }

    private static void CompareScores(KerasTextClassifier model, ServingSettings.LoadCheck check, List<float> expected, string name)
    {
        var actual = model.Scores([check.Text]);
        if (expected.Count != model.Labels.Count)
        {
            throw new ModelFormatException(ServingSettingsReader.FileName,
                $"{name} lists {expected.Count} scores but the model has {model.Labels.Count} outputs.");
        }

        for (var j = 0; j < expected.Count; j++)
        {
            if (!(Math.Abs(actual[j] - expected[j]) <= check.Tolerance))
            {
                throw new ModelFormatException(ServingSettingsReader.FileName, string.Create(CultureInfo.InvariantCulture,
                    $"{name} failed: score {j} ('{model.Labels[j]}') is {actual[j]:G6}, expected {expected[j]:G6} ± {check.Tolerance}."));
            }
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

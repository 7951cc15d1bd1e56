using System.Security.Cryptography;
using Nlp.Application.Common.Exceptions;
using Nlp.Application.Common.Telemetry;
using Nlp.Domain;
using Nlp.Infrastructure.ModelRepository;
using Nlp.Infrastructure.Tests.ModelRepository;

namespace Nlp.Conformance.Tests.Corpus;

/// <summary>
/// Model-level conformance over <c>shared/corpus</c>: every folder loads through the real folder loader (or, when it
/// is not a servable text model, through the engine pieces) and its network outputs equal the independent numpy
/// reference (tests/tools/corpus_reference.py) within 1e-4, or it is refused with the precise reason.
/// </summary>
public sealed class CorpusModelTests
{
    public static TheoryData<string> AllFolders => CorpusCases.Folders();

    public static TheoryData<string> ServedFolders => CorpusCases.Of(CorpusOutcome.Served);

    public static TheoryData<string> EngineFolders => CorpusCases.Of(CorpusOutcome.Engine);

    public static TheoryData<string> PreparedRefusals => [.. CorpusCases.All.Where(c => c.Prepared.Count > 0).Select(c => c.Folder)];

    [Fact]
    public void Cases_and_reference_cover_every_corpus_folder()
    {
        var corpus = Corpus();
        var folders = Directory.EnumerateDirectories(corpus).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(24, folders.Count);
        Assert.Equal(folders, CorpusCases.All.Select(c => c.Folder).Order(StringComparer.Ordinal));
        Assert.Equal(folders, CorpusExpectations.Folders.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(AllFolders))]
    public void The_files_are_those_the_reference_read(string folder)
    {
        var path = Path.Combine(Corpus(), folder);
        foreach (var (file, sha256) in CorpusExpectations.Files(folder))
        {
            var actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(path, file))));
            Assert.True(sha256 == actual, $"{folder}/{file} changed since corpus_reference.py ran: rerun it");
        }
    }

    [Theory]
    [MemberData(nameof(ServedFolders))]
    public void Served_folders_load_and_their_scores_equal_the_reference(string folder)
    {
        var source = Path.Combine(Corpus(), folder);
        var @case = CorpusCases.Get(folder);
        using var copy = CorpusFolderCopy.Create(source, @case.LeaveOut, @case.ServingYaml);
        var classifier = (KerasTextClassifier)Load(copy.Path, folder);
        var pipeline = CorpusPipeline.Create(copy.Path);
        Assert.Equal(@case.Warnings, classifier.Details.Warnings);

        var samples = CorpusExpectations.Samples(folder);
        Assert.NotEmpty(samples);
        var worst = 0.0;
        foreach (var sample in samples)
        {
            var text = sample.ResolveText(source)!;
            var context = $"{folder}, {sample.Describe()}";
            var ids = pipeline.Vectorizer.Vectorize([text]);
            Assert.True(sample.Ids!.SequenceEqual(ids.Data.Select(v => (int)v)), $"{context}: ids [{string.Join(' ', ids.Data)}]");
            worst = Math.Max(worst, CorpusNetwork.MaxDifference(sample.Output, pipeline.Network.Forward(CorpusNetwork.Input(sample)).Data, context));
            worst = Math.Max(worst, CorpusNetwork.MaxDifference(sample.Output, classifier.Scores([text]), context));
        }

        Report(folder, worst);
    }

    [Fact]
    public void A_text_shorter_than_the_conv1d_kernel_is_refused_as_keras_refuses_it()
    {
        const string folder = "shipping-status-cnn-k215-joblib";
        var source = Path.Combine(Corpus(), folder);
        using var copy = CorpusFolderCopy.Create(source, [], CorpusCases.Get(folder).ServingYaml);
        var classifier = (KerasTextClassifier)Load(copy.Path, folder);
        var shortText = new CorpusSample(0, null, null, null, null, []).ResolveText(source)!;

        var error = Assert.Throws<ModelPredictionException>(() => classifier.Scores([shortText]));

        Assert.Equal(
            $"Model '{folder}' cannot score this text: layer 'conv1d' (Conv1D): an input of 2 steps is shorter than the kernel window.",
            error.Message);
    }

    [Theory]
    [MemberData(nameof(EngineFolders))]
    public void Engine_folders_build_and_their_outputs_equal_the_reference(string folder)
    {
        var source = Path.Combine(Corpus(), folder);
        var @case = CorpusCases.Get(folder);
        var network = CorpusNetwork.Build(source, @case.Architecture, @case.Weights!);
        using var copy = CorpusFolderCopy.Create(source, @case.LeaveOut, @case.ServingYaml);
        var vectorizer = @case.ServingYaml is null ? null : CorpusPipeline.Create(copy.Path).Vectorizer;

        var samples = CorpusExpectations.Samples(folder);
        Assert.NotEmpty(samples);
        var worst = 0.0;
        foreach (var sample in samples)
        {
            var context = $"{folder}, {sample.Describe()}";
            if (vectorizer is not null && sample.ResolveText(source) is { } text)
            {
                var ids = vectorizer.Vectorize([text]).Data.Select(v => (int)v);
                Assert.True(sample.Ids!.SequenceEqual(ids), $"{context}: ids [{string.Join(' ', ids)}]");
            }

            worst = Math.Max(worst, CorpusNetwork.MaxDifference(sample.Output, network.Forward(CorpusNetwork.Input(sample)).Data, context));
        }

        Report(folder, worst);
    }

    [Theory]
    [MemberData(nameof(AllFolders))]
    public void As_their_repository_held_them_folders_load_or_are_refused_with_the_reason(string folder)
    {
        var @case = CorpusCases.Get(folder);
        using var copy = CorpusFolderCopy.Create(Path.Combine(Corpus(), folder), [], servingYaml: null);

        AssertRefused(copy.Path, folder, @case.AsIs!);
    }

    [Theory]
    [MemberData(nameof(PreparedRefusals))]
    public void Prepared_folders_that_cannot_be_served_are_refused_with_the_reason(string folder)
    {
        foreach (var (servingYaml, refusal) in CorpusCases.Get(folder).Prepared)
        {
            using var copy = CorpusFolderCopy.Create(Path.Combine(Corpus(), folder), CorpusCases.Get(folder).LeaveOut, servingYaml);
            AssertRefused(copy.Path, folder, refusal);
        }
    }

    private static void AssertRefused(string path, string folder, string expected)
    {
        var error = Assert.Throws<ModelLoadException>(() => Load(path, folder));
        Assert.Equal(expected, $"{error.FileName}: {error.Problem}");
        Assert.DoesNotContain(path, error.Message, StringComparison.Ordinal);
    }

    private static Nlp.Application.Common.Interfaces.ITextClassifier Load(string path, string folder)
    {
        using var meters = new TestMeterFactory();
        return new KerasModelFolderLoader(new PredictionMetrics(meters)).Load(ModelIdentifier.Parse(folder), path, TestContext.Current.CancellationToken);
    }

    private static void Report(string folder, double worst)
    {
        TestContext.Current.TestOutputHelper?.WriteLine($"{folder}: max abs difference {worst:E2}");
        Assert.True(worst <= CorpusExpectations.Tolerance, $"{folder}: max abs difference {worst:E3} > {CorpusExpectations.Tolerance}");
    }

    private static string Corpus() => Path.Combine(SharedDirectory.Require(), "corpus");
}

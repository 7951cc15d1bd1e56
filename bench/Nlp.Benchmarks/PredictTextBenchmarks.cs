using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Nlp.Application.Common.Interfaces;
using Nlp.Domain;
using Nlp.Infrastructure.ModelRepository;

namespace Nlp.Benchmarks;

/// <summary>
/// A whole in-process prediction of one text (tokenizer, forward pass, labels) through the loaded model folder, as a
/// request pays it without HTTP. Its peer is numpy_forward.py's <c>*_tokenize_and_forward</c> cases (the real Python
/// Tokenizer and the numpy forward pass). <c>PredictBatch</c> classifies 32 texts in one call; <c>Prediction objects
/// alone</c> builds the same 32 <see cref="Prediction"/>s from fixed scores, so its allocations show what the
/// prediction path adds on top of the results it returns.
/// </summary>
[MemoryDiagnoser]
public class PredictTextBenchmarks
{
    private ITextClassifier? model;
    private string text = string.Empty;
    private string[] texts = [];
    private float[] scores = [];

    [Params("seed_dense", "embed_lstm")]
    public string Model { get; set; } = "seed_dense";

    [GlobalSetup]
    public void Setup()
    {
        model = EngineNetworks.Loader.Load(ModelIdentifier.Parse(Model), BenchPaths.ModelFolder(Model), CancellationToken.None);
        texts = [.. JsonSerializer.Deserialize<string[]>(File.ReadAllText(BenchPaths.Input("texts.json")))!.Take(32)];
        text = texts[0];
        scores = [.. Enumerable.Range(0, model.Labels.Count).Select(i => i / 10f)];
    }

    [Benchmark(Description = "engine: tokenize + forward + label")]
    public object Predict() => model!.Predict(text);

    [Benchmark(Description = "engine: PredictBatch, 32 texts")]
    public object PredictBatch() => model!.PredictBatch(texts);

    [Benchmark(Description = "Prediction objects alone, 32")]
    public object PredictionsAlone()
    {
        var predictions = new Prediction[texts.Length];
        for (var i = 0; i < texts.Length; i++)
        {
            predictions[i] = new Prediction(texts[i], model!.Labels, scores);
        }

        return predictions;
    }
}

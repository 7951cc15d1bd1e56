using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Nlp.Application.Common.Interfaces;
using Nlp.Domain;
using Nlp.Infrastructure.ModelRepository;

namespace Nlp.Benchmarks;

/// <summary>
/// A whole in-process prediction of one text (tokenizer, forward pass, labels) through the loaded model folder, as a
/// request pays it without HTTP. Its peer is numpy_forward.py's <c>*_tokenize_and_forward</c> cases (the real Python
/// Tokenizer and the numpy forward pass).
/// </summary>
[MemoryDiagnoser]
public class PredictTextBenchmarks
{
    private ITextClassifier? model;
    private string text = string.Empty;

    [Params("seed_dense", "embed_lstm")]
    public string Model { get; set; } = "seed_dense";

    [GlobalSetup]
    public void Setup()
    {
        model = EngineNetworks.Loader.Load(ModelIdentifier.Parse(Model), BenchPaths.ModelFolder(Model), CancellationToken.None);
        text = JsonSerializer.Deserialize<string[]>(File.ReadAllText(BenchPaths.Input("texts.json")))![0];
    }

    [Benchmark(Description = "engine: tokenize + forward + label")]
    public object Predict() => model!.Predict(text);
}

namespace Nlp.Api.IntegrationTests.Infrastructure;

/// <summary>
/// The tests that read exact values on <c>/metrics</c> run after the parallel tests, one class at a time: OpenTelemetry
/// listens to meters by name across the process, so while other tests' services run, one service's <c>/metrics</c>
/// also reports their measurements under the same series (another service's <c>nlp_models_loaded</c> of 0 replaced
/// this one's 1 in a CI run; a probe with two services showed the same).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsReadAlone
{
    public const string Name = "metrics read alone";
}

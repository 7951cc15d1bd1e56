namespace Nlp.Infrastructure.Telemetry;

/// <summary>Names of the meters Infrastructure publishes, for the composition root's telemetry setup.</summary>
public static class MeterNames
{
    public const string Models = ModelRepository.ModelLoadEvents.MeterName;
}

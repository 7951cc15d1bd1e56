using System.Globalization;

namespace Nlp.Infrastructure.Inference;

/// <summary>A forward pass ran past its <see cref="ComputeBudget"/> and was stopped.</summary>
internal sealed class ComputeTimeExceededException(TimeSpan limit)
    : Exception($"the forward pass was stopped after its limit of {Describe(limit)}")
{
    public TimeSpan Limit { get; } = limit;

    private static string Describe(TimeSpan limit) => limit >= TimeSpan.FromSeconds(1)
        ? string.Create(CultureInfo.InvariantCulture, $"{limit.TotalSeconds:0.###} s")
        : string.Create(CultureInfo.InvariantCulture, $"{limit.TotalMilliseconds:0.####} ms");
}

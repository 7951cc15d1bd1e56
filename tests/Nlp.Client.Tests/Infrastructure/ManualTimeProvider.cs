namespace Nlp.Client.Tests.Infrastructure;

/// <summary>A clock the test moves by hand, so token expiry is tested without waiting.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private DateTimeOffset _now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

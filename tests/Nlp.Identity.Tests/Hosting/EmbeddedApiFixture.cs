namespace Nlp.Identity.Tests.Hosting;

/// <summary>One co-hosted app (authorization server + token validation, Embedded mode) shared by a test class.</summary>
public sealed class EmbeddedApiFixture : IAsyncLifetime
{
    private readonly TestDirectory directory = new();

    internal KestrelApp Host { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Host = await KestrelApp.StartAsync(TestClients.Settings(directory.SqliteConnectionString));

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        directory.Dispose();
    }
}

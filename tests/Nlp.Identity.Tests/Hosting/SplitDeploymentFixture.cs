namespace Nlp.Identity.Tests.Hosting;

/// <summary>
/// <c>Auth:Mode=External</c>: the authorization server and the API as two Kestrel apps on 127.0.0.1 talking HTTP
/// (discovery, JWKS, introspection), with a one-second revocation window so the test can watch it close.
/// </summary>
public sealed class SplitDeploymentFixture : IAsyncLifetime
{
    private readonly TestDirectory directory = new();

    internal KestrelApp Identity { get; private set; } = null!;

    internal KestrelApp Api { get; private set; } = null!;

    public static readonly TimeSpan RevocationWindow = TimeSpan.FromSeconds(1);

    public async ValueTask InitializeAsync()
    {
        Identity = await KestrelApp.StartAsync(TestClients.Settings(directory.SqliteConnectionString), tokenValidation: false);
        Api = await KestrelApp.StartAsync(ApiSettings(Identity.BaseAddress), identityServer: false);
    }

    internal static Dictionary<string, string?> ApiSettings(Uri authority, string audience = "nlp-api") => new()
    {
        ["Auth:Mode"] = "External",
        ["Auth:Authority"] = authority.AbsoluteUri,
        ["Auth:Audience"] = audience,
        ["Auth:ClientId"] = TestClients.Api.ClientId,
        ["Auth:ClientSecret"] = TestClients.Api.Secret,
        ["Auth:RevocationCheckInterval"] = RevocationWindow.ToString(),
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        await Identity.DisposeAsync();
        directory.Dispose();
    }
}

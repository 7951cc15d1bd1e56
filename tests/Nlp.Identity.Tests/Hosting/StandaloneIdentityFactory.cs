using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Nlp.Identity.Tests.Hosting;

/// <summary>The standalone <c>Nlp.Identity</c> app (its own <c>Program.Main</c>) on a fresh SQLite file.</summary>
public sealed class StandaloneIdentityFactory : WebApplicationFactory<Program>
{
    private readonly TestDirectory directory = new();

    public StandaloneIdentityFactory() => Settings = TestClients.Settings(directory.SqliteConnectionString);

    internal Dictionary<string, string?> Settings { get; }

    public HttpClient CreateBrowserlessClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(Settings));

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            directory.Dispose();
        }
    }
}

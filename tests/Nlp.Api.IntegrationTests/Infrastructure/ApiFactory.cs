using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Nlp.Api.IntegrationTests.Infrastructure;

/// <summary>The Api in-process, serving the given models root (default: the fixture model folders of this project).</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    /// <summary>The models root to serve; the fixture model folders when null.</summary>
    public string? ModelsPath { get; init; }

    /// <summary>Extra configuration, e.g. <c>Prediction:MaxTextLength</c>.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>What starting the Api with the setting <paramref name="key"/> = <paramref name="value"/> throws (it must fail).</summary>
    public static Exception StartFailure(string key, string value)
    {
        using var factory = new ApiFactory { Settings = new Dictionary<string, string?> { [key] = value } };
        return Assert.ThrowsAny<Exception>(() => factory.CreateClient());
    }

    public static string FixtureModels => Path.Combine(AppContext.BaseDirectory, "Fixtures", "models");

    public static string RepositoryModels => Path.Combine(RepositoryRoot, "models");

    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NlpInference.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("NlpInference.sln not found above the test directory.");
        }
    }

    /// <summary>A fresh identity store per factory, so tests never share clients or tokens.</summary>
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("nlp-api-tests-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Models:Path", ModelsPath ?? FixtureModels);
        builder.UseSetting("ConnectionStrings:Identity", $"Data Source={Path.Combine(DataDirectory, "identity.db")}");
        builder.UseSetting("Identity:Admin:UserName", TestClients.AdminUser);
        builder.UseSetting("Identity:Admin:Password", TestClients.AdminPassword);
        foreach (var (key, value) in TestClients.Settings())
        {
            builder.UseSetting(key, value);
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is cleaned up with the temp folder.
            }
        }
    }
}

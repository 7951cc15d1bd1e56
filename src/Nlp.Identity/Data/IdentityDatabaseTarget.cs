using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Nlp.Identity.Configuration;

namespace Nlp.Identity.Data;

/// <summary>
/// The database the identity store lives in, resolved once from <c>Identity:Database:Provider</c> and
/// <c>ConnectionStrings:Identity</c>. A relative SQLite file is placed under the content root and its folder created.
/// </summary>
internal sealed class IdentityDatabaseTarget
{
    public const string ConnectionStringName = "Identity";

    public IdentityDatabaseTarget(IOptions<IdentityServerOptions> options, IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = options.Value;
        Provider = settings.Database.Provider;
        var configured = configuration.GetConnectionString(ConnectionStringName);
        ConnectionString = Provider switch
        {
            IdentityDatabaseProvider.Sqlite => ResolveSqlite(configured, settings.DataDirectory, environment.ContentRootPath),
            IdentityDatabaseProvider.PostgreSql => string.IsNullOrWhiteSpace(configured)
                ? throw new InvalidOperationException(
                    "Identity:Database:Provider is PostgreSql but ConnectionStrings:Identity is empty: set it to a Npgsql connection string.")
                : configured,
            _ => throw new InvalidOperationException($"Identity:Database:Provider '{Provider}' is not supported (use Sqlite or PostgreSql)."),
        };
    }

    public IdentityDatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    private static string ResolveSqlite(string? configured, string dataDirectory, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(
            string.IsNullOrWhiteSpace(configured) ? $"Data Source={Path.Combine(dataDirectory, "identity.db")}" : configured);
        var dataSource = builder.DataSource;
        if (dataSource.Length == 0 || dataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
        {
            return builder.ToString();
        }

        var fullPath = Path.GetFullPath(Path.IsPathRooted(dataSource) ? dataSource : Path.Combine(contentRoot, dataSource));
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        builder.DataSource = fullPath;
        return builder.ToString();
    }
}

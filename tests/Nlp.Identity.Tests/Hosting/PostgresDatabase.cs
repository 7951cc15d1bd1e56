using Npgsql;

namespace Nlp.Identity.Tests.Hosting;

/// <summary>
/// A throw-away database on the PostgreSQL server named by the <c>NLP_TEST_POSTGRES</c> connection string
/// (e.g. <c>Host=127.0.0.1;Username=postgres;Password=postgres</c>); dropped afterwards.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    public const string EnvironmentVariable = "NLP_TEST_POSTGRES";

    private readonly string? server = Environment.GetEnvironmentVariable(EnvironmentVariable);
    private readonly string name = $"nlp_identity_test_{Guid.NewGuid():N}";

    public string? ConnectionString { get; private set; }

    public static string SkipReason =>
        $"PostgreSQL tests skipped: set {EnvironmentVariable} to a connection string of a server where the user may create databases " +
        "(e.g. Host=127.0.0.1;Username=postgres;Password=postgres).";

    public async ValueTask InitializeAsync()
    {
        if (string.IsNullOrWhiteSpace(server))
        {
            return;
        }

        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (ConnectionString is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Nlp.Identity.Data;

/// <summary>
/// Brings the store up to date at start. EF's migrator builds the model of its history table before it looks at
/// anything (~150 ms of a start, docs/benchmarks.md), even when there is nothing to apply, which is every start but the
/// first after an upgrade. So the history table is read first, with one plain query; only a store that lacks a
/// migration, has no history yet, or cannot be read goes through <c>MigrateAsync</c> (which takes EF's migration lock,
/// so that replicas starting together apply each migration once, and reports what fails).
/// </summary>
internal static class IdentityStoreMigration
{
    /// <summary>EF's default history table, which neither context renames.</summary>
    private const string HistoryQuery = "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\"";

    public static async Task MigrateAsync(DbContext db, CancellationToken cancellationToken)
    {
        var applied = await AppliedMigrationsAsync(db, cancellationToken);
        if (applied is null || db.Database.GetMigrations().Any(migration => !applied.Contains(migration)))
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
    }

    /// <summary>The migrations the history table lists; null where it cannot be read (a new store has none).</summary>
    internal static async Task<HashSet<string>?> AppliedMigrationsAsync(DbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = HistoryQuery;
            var applied = new HashSet<string>(StringComparer.Ordinal);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetString(0));
            }

            return applied;
        }
        catch (DbException)
        {
            return null;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

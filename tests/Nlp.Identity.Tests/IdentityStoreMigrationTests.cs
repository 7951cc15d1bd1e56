using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Nlp.Identity.Data;
using Nlp.Identity.Tests.Hosting;

namespace Nlp.Identity.Tests;

/// <summary>
/// The start's migration (<see cref="IdentityStoreMigration"/>) on SQLite: EF's migrator runs for a new store and for a
/// store whose history lacks a migration, and not at all for a store that is up to date. What EF runs is seen by a
/// command interceptor; the history read goes around EF, so the interceptor does not see it.
/// </summary>
public sealed class IdentityStoreMigrationTests
{
    [Fact]
    public async Task A_new_store_is_migrated_and_an_up_to_date_store_is_only_read()
    {
        using var directory = new TestDirectory();
        var commands = new CommandRecorder();

        await using (var db = Context(directory, commands))
        {
            await IdentityStoreMigration.MigrateAsync(db, TestContext.Current.CancellationToken);
            Assert.Contains(commands.Texts, text => text.Contains("CREATE TABLE \"NlpServerKeys\"", StringComparison.Ordinal));
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));
        }

        commands.Texts.Clear();
        await using (var db = Context(directory, commands))
        {
            await IdentityStoreMigration.MigrateAsync(db, TestContext.Current.CancellationToken);
            Assert.Empty(commands.Texts);
            Assert.Equal(db.Database.GetMigrations().Order(), (await IdentityStoreMigration.AppliedMigrationsAsync(db, TestContext.Current.CancellationToken))!.Order());
        }
    }

    [Fact]
    public async Task A_store_whose_history_lacks_a_migration_goes_through_the_migrator()
    {
        using var directory = new TestDirectory();
        var commands = new CommandRecorder();
        await using (var db = Context(directory, commands))
        {
            await IdentityStoreMigration.MigrateAsync(db, TestContext.Current.CancellationToken);
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsHistory\"", TestContext.Current.CancellationToken);
        }

        commands.Texts.Clear();
        await using (var db = Context(directory, commands))
        {
            // The migrator applies the missing (first) migration again, whose tables exist: it fails, and says so.
            await Assert.ThrowsAnyAsync<DbException>(() => IdentityStoreMigration.MigrateAsync(db, TestContext.Current.CancellationToken));
            Assert.Contains(commands.Texts, text => text.Contains("__EFMigrationsLock", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_store_without_a_history_table_reads_as_none()
    {
        using var directory = new TestDirectory();
        await using var db = Context(directory, new CommandRecorder());

        Assert.Null(await IdentityStoreMigration.AppliedMigrationsAsync(db, TestContext.Current.CancellationToken));
    }

    private static SqliteNlpIdentityDbContext Context(TestDirectory directory, CommandRecorder commands) =>
        new(new DbContextOptionsBuilder<SqliteNlpIdentityDbContext>()
            .UseSqlite(directory.SqliteConnectionString)
            .UseOpenIddict()
            .AddInterceptors(commands)
            .Options);

    private sealed class CommandRecorder : DbCommandInterceptor
    {
        public List<string> Texts { get; } = [];

        public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
        {
            Texts.Add(result.CommandText);
            return result;
        }
    }
}

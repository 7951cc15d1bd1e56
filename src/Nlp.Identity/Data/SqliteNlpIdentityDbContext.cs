using Microsoft.EntityFrameworkCore;

namespace Nlp.Identity.Data;

/// <summary>The identity store on SQLite (migrations under <c>Data/Migrations/Sqlite</c>).</summary>
internal sealed class SqliteNlpIdentityDbContext(DbContextOptions<SqliteNlpIdentityDbContext> options)
    : NlpIdentityDbContext(options);

using Microsoft.EntityFrameworkCore;

namespace Nlp.Identity.Data;

/// <summary>The identity store on PostgreSQL (migrations under <c>Data/Migrations/PostgreSql</c>).</summary>
internal sealed class PostgreSqlNlpIdentityDbContext(DbContextOptions<PostgreSqlNlpIdentityDbContext> options)
    : NlpIdentityDbContext(options);

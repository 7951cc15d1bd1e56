using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Nlp.Identity.Data;

/// <summary>Lets <c>dotnet ef migrations add ... --context SqliteNlpIdentityDbContext</c> build the context.</summary>
internal sealed class DesignTimeSqliteContextFactory : IDesignTimeDbContextFactory<SqliteNlpIdentityDbContext>
{
    public SqliteNlpIdentityDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteNlpIdentityDbContext>()
            .UseSqlite("Data Source=design-time.db")
            .UseOpenIddict()
            .Options;
        return new SqliteNlpIdentityDbContext(options);
    }
}

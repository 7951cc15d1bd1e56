using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Nlp.Identity.Data;

/// <summary>Lets <c>dotnet ef migrations add ... --context PostgreSqlNlpIdentityDbContext</c> build the context.</summary>
internal sealed class DesignTimePostgreSqlContextFactory : IDesignTimeDbContextFactory<PostgreSqlNlpIdentityDbContext>
{
    public PostgreSqlNlpIdentityDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgreSqlNlpIdentityDbContext>()
            .UseNpgsql("Host=localhost;Database=nlp_identity_design")
            .UseOpenIddict()
            .Options;
        return new PostgreSqlNlpIdentityDbContext(options);
    }
}

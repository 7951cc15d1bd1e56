namespace Nlp.Identity.Configuration;

public enum IdentityDatabaseProvider
{
    Sqlite,
    PostgreSql,
}

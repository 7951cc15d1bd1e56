namespace Nlp.Identity.Configuration;

/// <summary>Which database holds the identity store (<c>Identity:Database</c>).</summary>
public sealed class IdentityDatabaseOptions
{
    public IdentityDatabaseProvider Provider { get; set; } = IdentityDatabaseProvider.Sqlite;
}

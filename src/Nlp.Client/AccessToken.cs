namespace Nlp.Client;

/// <summary>A cached access token and the moment it should be replaced.</summary>
internal sealed record AccessToken(string Value, DateTimeOffset RefreshAt)
{
    public bool IsFreshAt(DateTimeOffset now) => now < RefreshAt;
}

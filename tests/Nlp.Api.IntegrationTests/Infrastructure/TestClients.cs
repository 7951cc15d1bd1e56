namespace Nlp.Api.IntegrationTests.Infrastructure;

/// <summary>The OAuth clients and admin account every test Api seeds through configuration.</summary>
internal static class TestClients
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "correct horse battery staple";

    public static readonly (string Id, string Secret, string[] Scopes) Pega = ("pega", "pega-secret", ["profile"]);

    /// <summary>A client without the <c>profile</c> scope: its tokens are valid but not enough for /auth/*.</summary>
    public static readonly (string Id, string Secret, string[] Scopes) Limited = ("limited", "limited-secret", ["extra"]);

    public static IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        (string Id, string Secret, string[] Scopes)[] all = [Pega, Limited];
        for (var i = 0; i < all.Length; i++)
        {
            yield return new($"Identity:Clients:{i}:ClientId", all[i].Id);
            yield return new($"Identity:Clients:{i}:ClientSecret", all[i].Secret);
            for (var j = 0; j < all[i].Scopes.Length; j++)
            {
                yield return new($"Identity:Clients:{i}:Scopes:{j}", all[i].Scopes[j]);
            }
        }
    }
}

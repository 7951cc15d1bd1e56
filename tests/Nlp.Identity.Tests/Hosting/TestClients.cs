namespace Nlp.Identity.Tests.Hosting;

/// <summary>The clients every test host seeds through <c>Identity:Clients:N</c>, and the admin account.</summary>
internal static class TestClients
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "correct horse battery staple";

    public static readonly TestClient Pega = new("pega", "pega-secret", ["profile"]);
    public static readonly TestClient Limited = new("limited", "limited-secret", ["extra"]);
    public static readonly TestClient Multi = new("multi", "multi-secret", ["profile", "extra"]);

    /// <summary>The API's own client: its id is the audience, so it may introspect any token issued for the API.</summary>
    public static readonly TestClient Api = new("nlp-api", "api-secret", ["profile"]);

    public static readonly IReadOnlyList<TestClient> All = [Pega, Limited, Multi, Api];

    /// <summary>Configuration for an identity host on a fresh SQLite file.</summary>
    public static Dictionary<string, string?> Settings(string connectionString, string provider = "Sqlite")
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Identity"] = connectionString,
            ["Identity:Database:Provider"] = provider,
            ["Identity:Admin:UserName"] = AdminUser,
            ["Identity:Admin:Password"] = AdminPassword,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        for (var i = 0; i < All.Count; i++)
        {
            settings[$"Identity:Clients:{i}:ClientId"] = All[i].ClientId;
            settings[$"Identity:Clients:{i}:ClientSecret"] = All[i].Secret;
            settings[$"Identity:Clients:{i}:DisplayName"] = $"{All[i].ClientId} test client";
            for (var j = 0; j < All[i].Scopes.Count; j++)
            {
                settings[$"Identity:Clients:{i}:Scopes:{j}"] = All[i].Scopes[j];
            }
        }

        return settings;
    }
}

using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nlp.Client.Tests.Infrastructure;

/// <summary>
/// A tiny OAuth 2.0 token endpoint and bearer-protected API on 127.0.0.1 (real Kestrel, real HTTP) that counts what it
/// is asked: <c>POST /oauth/token</c> (client credentials, Basic or form), <c>POST /echo</c> and <c>GET /v1/models</c>.
/// </summary>
public sealed class FakeAuthorizationServer : IAsyncDisposable
{
    public const string ClientId = "pega client";
    public const string ClientSecret = "s3cret:with/odd+chars";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, bool> _validTokens = new();
    private int _tokenRequests;
    private int _protectedRequests;

    private FakeAuthorizationServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public Uri TokenEndpoint => new(BaseAddress, "oauth/token");

    /// <summary><c>expires_in</c> of the tokens issued from now on; null leaves it out.</summary>
    public int? ExpiresIn { get; set; } = 3600;

    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    public int ProtectedRequests => Volatile.Read(ref _protectedRequests);

    public string? LastScope { get; private set; }

    /// <summary><c>basic</c> or <c>post</c>: how the last token request authenticated the client.</summary>
    public string? LastClientAuthentication { get; private set; }

    /// <summary>Delay of each token answer, to let concurrent callers pile up.</summary>
    public TimeSpan TokenDelay { get; set; }

    /// <summary>When set, the protected endpoints refuse every token.</summary>
    public bool RejectAllTokens { get; set; }

    public static async Task<FakeAuthorizationServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new FakeAuthorizationServer(builder.Build());
        server.Map();
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Revokes every token issued so far (the next API call with one answers 401).</summary>
    public void RevokeAll() => _validTokens.Clear();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Map()
    {
        _app.MapPost("/oauth/token", (Delegate)IssueTokenAsync);
        _app.MapPost("/echo", async (HttpContext context) =>
        {
            if (Authorize(context) is { } refused)
            {
                return refused;
            }

            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            return Results.Json(new { token = BearerToken(context), body });
        });
        _app.MapGet("/v1/models", (HttpContext context) => Authorize(context) ?? Results.Json(new
        {
            models = new[] { new { identifier = "fake_model", state = 2, version = 1 } },
        }));
    }

    private async Task<IResult> IssueTokenAsync(HttpContext context)
    {
        var number = Interlocked.Increment(ref _tokenRequests);
        await Task.Delay(TokenDelay, context.RequestAborted);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["grant_type"] != "client_credentials")
        {
            return Results.Json(new { error = "unsupported_grant_type" }, statusCode: 400);
        }

        var (id, secret, method) = ClientCredentialsOf(context.Request, form);
        LastClientAuthentication = method;
        LastScope = form.TryGetValue("scope", out var scope) ? scope.ToString() : null;
        if (id != ClientId || secret != ClientSecret)
        {
            return Results.Json(new { error = "invalid_client", error_description = "The client credentials are invalid." }, statusCode: 401);
        }

        var token = $"token-{number}";
        _validTokens[token] = true;
        context.Response.Headers.CacheControl = "no-store";
        return ExpiresIn is { } seconds
            ? Results.Json(new { access_token = token, token_type = "Bearer", expires_in = seconds, scope = LastScope ?? "profile" })
            : Results.Json(new { access_token = token, token_type = "Bearer" });
    }

    private static (string? Id, string? Secret, string Method) ClientCredentialsOf(HttpRequest request, IFormCollection form)
    {
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) && header.Scheme == "Basic")
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter ?? string.Empty)).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : null, "basic");
        }

        return (form["client_id"], form["client_secret"], "post");
    }

    private IResult? Authorize(HttpContext context)
    {
        Interlocked.Increment(ref _protectedRequests);
        var token = BearerToken(context);
        if (!RejectAllTokens && token is not null && _validTokens.ContainsKey(token))
        {
            return null;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        return Results.Problem(statusCode: 401, title: "Unauthorized", detail: "The access token is missing, expired or revoked.");
    }

    private static string? BearerToken(HttpContext context) =>
        AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var header) && header.Scheme == "Bearer"
            ? header.Parameter
            : null;
}

using System.Net.Http.Headers;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Validation;

namespace Nlp.Identity.Validation;

/// <summary>
/// External mode: asks the authorization server's introspection endpoint (RFC 7662) whether a locally valid token is
/// still active, authenticating as <c>Auth:ClientId</c>, and trusts the answer for <c>Auth:RevocationCheckInterval</c>.
/// A revoked token is therefore refused within that window. When the server cannot be asked, the token is refused
/// (fail closed) and nothing is cached.
/// </summary>
internal sealed class IntrospectionTokenStatus(
    IHttpClientFactory httpClients,
    IOptions<TokenValidationOptions> options,
    IOptionsMonitor<OpenIddictValidationOptions> validation,
    TimeProvider time,
    ILogger<IntrospectionTokenStatus> logger) : IDisposable
{
    public const string HttpClientName = "Nlp.Identity.Introspection";

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    public async ValueTask<bool> IsActiveAsync(string token, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        if (cache.TryGetValue(key, out bool cached))
        {
            return cached;
        }

        var active = await IntrospectAsync(token, cancellationToken);
        if (active is null)
        {
            return false;
        }

        var lifetime = options.Value.RevocationCheckInterval;
        if (expiresAt is { } expiry && expiry - time.GetUtcNow() < lifetime)
        {
            lifetime = expiry - time.GetUtcNow();
        }

        if (lifetime > TimeSpan.Zero)
        {
            cache.Set(key, active.Value, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = lifetime, Size = 1 });
        }

        return active.Value;
    }

    public void Dispose() => cache.Dispose();

    private async Task<bool?> IntrospectAsync(string token, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        try
        {
            var manager = validation.CurrentValue.ConfigurationManager
                ?? throw new InvalidOperationException("OpenIddict validation has no configuration manager.");
            var configuration = await manager.GetConfigurationAsync(cancellationToken);
            var endpoint = configuration.IntrospectionEndpoint
                ?? throw new InvalidOperationException("The authorization server's discovery document names no introspection_endpoint.");

            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["token"] = token,
                    ["token_type_hint"] = "access_token",
                }),
            };
            var clientId = settings.ClientId ?? settings.Audience;
            var credentials = $"{WebUtility.UrlEncode(clientId)}:{WebUtility.UrlEncode(settings.ClientSecret)}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));

            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                TokenValidationLog.IntrospectionRefused(logger, (int)response.StatusCode, clientId);
                return null;
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
            return document.RootElement.TryGetProperty("active", out var active) && active.ValueKind == JsonValueKind.True;
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or InvalidOperationException or TaskCanceledException
            && !cancellationToken.IsCancellationRequested)
        {
            TokenValidationLog.IntrospectionFailed(logger, exception);
            return null;
        }
    }
}

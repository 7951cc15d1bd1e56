using System.Collections.Concurrent;
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
/// (fail closed) and nothing is cached. One question per token is in flight at a time (concurrent callers share it),
/// and a token still in use during the last tenth of its answer's trust is asked again in the background, so a busy
/// token's answer is renewed without stalling its requests (ADR-015).
/// </summary>
internal sealed class IntrospectionTokenStatus(
    IHttpClientFactory httpClients,
    IOptions<TokenValidationOptions> options,
    IOptionsMonitor<OpenIddictValidationOptions> validation,
    TimeProvider time,
    ILogger<IntrospectionTokenStatus> logger) : IDisposable
{
    public const string HttpClientName = "Nlp.Identity.Introspection";

    /// <summary>How long one question to the introspection endpoint may take before the token is refused.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });
    private readonly ConcurrentDictionary<string, Lazy<Task<bool?>>> asking = new(StringComparer.Ordinal);

    /// <summary>The last part of an answer's trust in which a use of the token asks again: a tenth of the interval.</summary>
    public TimeSpan RenewalMargin => options.Value.RevocationCheckInterval / 10;

    public async ValueTask<bool> IsActiveAsync(string token, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var key = Key(token);
        if (cache.TryGetValue(key, out Answer? cached) && cached!.Until - time.GetUtcNow() is { } left && left > TimeSpan.Zero)
        {
            if (cached.Active && left <= RenewalMargin)
            {
                RenewInBackground(key, token, expiresAt);
            }

            return cached.Active;
        }

        return await AskOnceAsync(key, token, expiresAt).WaitAsync(cancellationToken) ?? false;
    }

    /// <summary>
    /// How much longer the kept "active" answer about this token is trusted: what bounds the reuse of its ticket
    /// (<see cref="IntrospectionTokenReuse"/>). Zero when no answer is kept or it said "not active".
    /// </summary>
    public TimeSpan TrustedFor(string token) =>
        cache.TryGetValue(Key(token), out Answer? answer) && answer!.Active && answer.Until - time.GetUtcNow() is { } left && left > TimeSpan.Zero
            ? left
            : TimeSpan.Zero;

    private static string Key(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The question about this token already in flight, or a new one: at most one per token at a time.</summary>
    private Task<bool?> AskOnceAsync(string key, string token, DateTimeOffset? expiresAt)
    {
        Lazy<Task<bool?>>? mine = null;
        mine = new Lazy<Task<bool?>>(() => AskAndKeepAsync(key, token, expiresAt, mine!));
        return asking.GetOrAdd(key, mine).Value;
    }

    private async Task<bool?> AskAndKeepAsync(string key, string token, DateTimeOffset? expiresAt, Lazy<Task<bool?>> self)
    {
        try
        {
            var active = await IntrospectAsync(token, CancellationToken.None);
            if (active is not null)
            {
                Keep(key, active.Value, expiresAt);
            }

            return active;
        }
        finally
        {
            asking.TryRemove(new KeyValuePair<string, Lazy<Task<bool?>>>(key, self));
        }
    }

    private void RenewInBackground(string key, string token, DateTimeOffset? expiresAt)
    {
        if (!asking.ContainsKey(key))
        {
            _ = AskOnceAsync(key, token, expiresAt).ContinueWith(
                static (task, state) => TokenValidationLog.IntrospectionFailed((ILogger)state!, task.Exception!),
                logger, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private void Keep(string key, bool active, DateTimeOffset? expiresAt)
    {
        var now = time.GetUtcNow();
        var lifetime = options.Value.RevocationCheckInterval;
        if (expiresAt is { } expiry && expiry - now < lifetime)
        {
            lifetime = expiry - now;
        }

        if (lifetime > TimeSpan.Zero)
        {
            cache.Set(key, new Answer(active, now + lifetime), new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = lifetime, Size = 1 });
        }
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

    private sealed record Answer(bool Active, DateTimeOffset Until);
}

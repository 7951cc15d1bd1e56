using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Nlp.Client;

/// <summary>
/// Gets OAuth 2.0 client-credentials access tokens and caches one until shortly before it expires. Thread-safe: callers
/// share the cached token; when it must be replaced, one request goes to the token endpoint and the others wait for it.
/// </summary>
public sealed class ClientCredentialsTokenProvider : IDisposable
{
    private readonly HttpClient _tokenClient;
    private readonly ClientCredentialsOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _renewal = new(1, 1);
    private AccessToken? _current;

    /// <param name="tokenClient">Sends the token requests (its address is not used: <see cref="ClientCredentialsOptions.TokenEndpoint"/> is).</param>
    /// <param name="options">Endpoint and credentials; validated here.</param>
    /// <param name="timeProvider">The clock that decides expiry; <see cref="TimeProvider.System"/> when null.</param>
    public ClientCredentialsTokenProvider(HttpClient tokenClient, ClientCredentialsOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(tokenClient);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _tokenClient = tokenClient;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The cached token while it is fresh; otherwise a new one from the token endpoint.</summary>
    /// <exception cref="TokenRequestException">The token endpoint refused the credentials or answered something else than a token.</exception>
    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        var cached = Volatile.Read(ref _current);
        if (cached is not null && cached.IsFreshAt(_time.GetUtcNow()))
        {
            return cached.Value;
        }

        await _renewal.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            cached = Volatile.Read(ref _current);
            if (cached is not null && cached.IsFreshAt(_time.GetUtcNow()))
            {
                return cached.Value;
            }

            var renewed = await RequestTokenAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _current, renewed);
            return renewed.Value;
        }
        finally
        {
            _renewal.Release();
        }
    }

    /// <summary>Forgets <paramref name="rejectedToken"/> if it is still the cached one (e.g. the API answered 401 to it).</summary>
    public void Invalidate(string rejectedToken)
    {
        var cached = Volatile.Read(ref _current);
        if (cached is not null && cached.Value == rejectedToken)
        {
            Interlocked.CompareExchange(ref _current, null, cached);
        }
    }

    public void Dispose() => _renewal.Dispose();

    private async Task<AccessToken> RequestTokenAsync(CancellationToken cancellationToken)
    {
        var requestedAt = _time.GetUtcNow();
        using var request = CreateTokenRequest();
        using var response = await _tokenClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var json = TryParseObject(body);

        if (!response.IsSuccessStatusCode)
        {
            throw new TokenRequestException(response.StatusCode, ReadString(json, "error"), ReadString(json, "error_description"));
        }

        var token = ReadString(json, "access_token");
        if (string.IsNullOrEmpty(token))
        {
            throw new TokenRequestException("The token endpoint answered without an access_token.");
        }

        var tokenType = ReadString(json, "token_type");
        if (tokenType is not null && !tokenType.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            throw new TokenRequestException($"The token endpoint issued a '{tokenType}' token; only Bearer tokens are supported.");
        }

        return new AccessToken(token, RefreshAt(requestedAt, ReadLifetime(json)));
    }

    private HttpRequestMessage CreateTokenRequest()
    {
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
        if (!string.IsNullOrWhiteSpace(_options.Scope))
        {
            form.Add(new("scope", _options.Scope));
        }

        var request = new HttpRequestMessage(HttpMethod.Post, _options.TokenEndpoint);
        if (_options.ClientAuthentication == ClientAuthenticationMethod.ClientSecretBasic)
        {
            // RFC 6749 section 2.3.1: id and secret are form-encoded before they are joined and base64-encoded.
            var pair = $"{Uri.EscapeDataString(_options.ClientId)}:{Uri.EscapeDataString(_options.ClientSecret)}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        }
        else
        {
            form.Add(new("client_id", _options.ClientId));
            form.Add(new("client_secret", _options.ClientSecret));
        }

        request.Content = new FormUrlEncodedContent(form);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private DateTimeOffset RefreshAt(DateTimeOffset requestedAt, TimeSpan? lifetime)
    {
        if (lifetime is not { } span)
        {
            return DateTimeOffset.MaxValue; // no expires_in: keep it until the API refuses it (the handler retries on 401)
        }

        var margin = TimeSpan.FromTicks(Math.Min(_options.RefreshBeforeExpiry.Ticks, span.Ticks / 2));
        return requestedAt + span - margin;
    }

    private static TimeSpan? ReadLifetime(JsonElement? json)
    {
        if (json is not { } root || !root.TryGetProperty("expires_in", out var value))
        {
            return null;
        }

        double seconds = 0;
        var parsed = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDouble(out seconds),
            JsonValueKind.String => double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out seconds),
            _ => false,
        };
        return parsed && seconds > 0 ? TimeSpan.FromSeconds(seconds) : null;
    }

    private static string? ReadString(JsonElement? json, string name) =>
        json is { } root && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonElement? TryParseObject(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

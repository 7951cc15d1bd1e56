using System.Net;
using System.Net.Http.Headers;

namespace Nlp.Client;

/// <summary>
/// Puts a client-credentials bearer token on every request. The token is cached by the
/// <see cref="ClientCredentialsTokenProvider"/>; when the API still answers 401 (revoked token, rotated signing key),
/// the handler gets a new token and sends the request once more.
/// </summary>
public sealed class ClientCredentialsTokenHandler(ClientCredentialsTokenProvider tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Content is not null)
        {
            // The retry sends the same content again: make sure it can be read twice.
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        var token = await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        tokens.Invalidate(token);
        var renewed = await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", renewed);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}

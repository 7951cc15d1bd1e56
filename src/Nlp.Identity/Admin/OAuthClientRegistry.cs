using System.Security.Cryptography;
using System.Text.Json;
using OpenIddict.Abstractions;
using Nlp.Identity.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nlp.Identity.Admin;

/// <summary>
/// Registers, lists, rotates, revokes and deletes client-credentials clients in the OpenIddict store.
/// Secrets are generated here, returned once and stored hashed by OpenIddict.
/// </summary>
internal sealed class OAuthClientRegistry(
    IOpenIddictApplicationManager applications,
    IOpenIddictScopeManager scopes,
    IOpenIddictTokenManager tokens)
{
    public const string ClientUriProperty = "client_uri";
    public const string ResponseTypeProperty = "response_type";
    public const string AuthMethodProperty = "token_endpoint_auth_method";

    public static readonly IReadOnlyList<string> AuthMethods =
        [ClientAuthenticationMethods.ClientSecretBasic, ClientAuthenticationMethods.ClientSecretPost];

    public async Task<ClientCredentials> CreateAsync(ClientRegistration registration, CancellationToken cancellationToken)
    {
        var clientId = registration.ClientId ?? NewToken(18);
        var secret = registration.ClientSecret ?? NewToken(32);
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            DisplayName = registration.DisplayName,
            ClientType = ClientTypes.Confidential,
            ApplicationType = ApplicationTypes.Web,
        };
        descriptor.Permissions.UnionWith(
        [
            Permissions.Endpoints.Token,
            Permissions.Endpoints.Revocation,
            Permissions.Endpoints.Introspection,
            Permissions.GrantTypes.ClientCredentials,
        ]);
        foreach (var scope in registration.Scopes.Distinct(StringComparer.Ordinal))
        {
            await EnsureScopeAsync(scope, cancellationToken);
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }

        foreach (var uri in registration.RedirectUris ?? [])
        {
            descriptor.RedirectUris.Add(uri);
        }

        AddProperty(descriptor, ClientUriProperty, registration.ClientUri?.AbsoluteUri);
        AddProperty(descriptor, ResponseTypeProperty, registration.ResponseType);
        AddProperty(descriptor, AuthMethodProperty, registration.TokenEndpointAuthMethod);

        await applications.CreateAsync(descriptor, cancellationToken);
        return new ClientCredentials(clientId, secret);
    }

    public async Task<bool> ExistsAsync(string clientId, CancellationToken cancellationToken) =>
        await applications.FindByClientIdAsync(clientId, cancellationToken) is not null;

    public async Task<IReadOnlyList<RegisteredClient>> ListAsync(CancellationToken cancellationToken)
    {
        var list = new List<RegisteredClient>();
        await foreach (var application in applications.ListAsync(count: null, offset: null, cancellationToken))
        {
            var properties = await applications.GetPropertiesAsync(application, cancellationToken);
            list.Add(new RegisteredClient(
                await applications.GetClientIdAsync(application, cancellationToken) ?? string.Empty,
                await applications.GetDisplayNameAsync(application, cancellationToken) ?? string.Empty,
                await ClientScopes.RegisteredAsync(applications, application, cancellationToken),
                ReadProperty(properties, ClientUriProperty),
                ReadProperty(properties, AuthMethodProperty)));
        }

        return [.. list.OrderBy(c => c.DisplayName, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.ClientId, StringComparer.Ordinal)];
    }

    /// <summary>Replaces the secret; the old one stops working at once. Null when the client does not exist.</summary>
    public async Task<ClientCredentials?> RotateSecretAsync(string clientId, CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null)
        {
            return null;
        }

        var secret = NewToken(32);
        await applications.UpdateAsync(application, secret, cancellationToken);
        return new ClientCredentials(clientId, secret);
    }

    /// <summary>Revokes every token issued to the client; answers how many, or null when the client does not exist.</summary>
    public async Task<long?> RevokeTokensAsync(string clientId, CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null)
        {
            return null;
        }

        var id = await applications.GetIdAsync(application, cancellationToken);
        return await tokens.RevokeByApplicationIdAsync(id!, cancellationToken);
    }

    /// <summary>Revokes the client's tokens and deletes it (with its token entries). False when it does not exist.</summary>
    public async Task<bool> DeleteAsync(string clientId, CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null)
        {
            return false;
        }

        var id = await applications.GetIdAsync(application, cancellationToken);
        await tokens.RevokeByApplicationIdAsync(id!, cancellationToken);
        await applications.DeleteAsync(application, cancellationToken);
        return true;
    }

    public async Task EnsureScopeAsync(string scope, CancellationToken cancellationToken)
    {
        if (await scopes.FindByNameAsync(scope, cancellationToken) is null)
        {
            await scopes.CreateAsync(new OpenIddictScopeDescriptor { Name = scope, DisplayName = scope }, cancellationToken);
        }
    }

    private static string NewToken(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    private static void AddProperty(OpenIddictApplicationDescriptor descriptor, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            descriptor.Properties[name] = JsonSerializer.SerializeToElement(value);
        }
    }

    private static string? ReadProperty(IReadOnlyDictionary<string, JsonElement> properties, string name) =>
        properties.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

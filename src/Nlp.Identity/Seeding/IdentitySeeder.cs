using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nlp.Identity.Admin;
using Nlp.Identity.Configuration;

namespace Nlp.Identity.Seeding;

/// <summary>
/// Creates what the configuration asks for and the store lacks: the <c>profile</c> scope, the admin account and the
/// <c>Identity:Clients:N</c> clients. Idempotent: anything that exists already is left as it is.
/// </summary>
internal sealed class IdentitySeeder(
    OAuthClientRegistry clients,
    AdminAccounts admins,
    IOptions<IdentityServerOptions> options,
    ILogger<IdentitySeeder> logger)
{
    public const string DefaultScope = "profile";

    private const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await clients.EnsureScopeAsync(DefaultScope, cancellationToken);
        await SeedAdminAsync(settings.Admin, cancellationToken);
        for (var index = 0; index < settings.Clients.Count; index++)
        {
            await SeedClientAsync(settings.Clients[index], index, cancellationToken);
        }
    }

    private async Task SeedAdminAsync(AdminAccountOptions admin, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(admin.UserName) || await admins.ExistsAsync(admin.UserName, cancellationToken))
        {
            return;
        }

        var generated = string.IsNullOrEmpty(admin.Password);
        var password = generated ? RandomNumberGenerator.GetString(PasswordAlphabet, 20) : admin.Password!;
        if (!await admins.EnsureAsync(admin.UserName, password, cancellationToken))
        {
            return;
        }

        if (generated)
        {
            // Printed once, to the console only (not through the logging pipeline, which may ship logs elsewhere).
            Console.Out.WriteLine(
                $"Nlp.Identity: generated the admin password for '{admin.UserName}': {password}  " +
                "(shown once; set Identity:Admin:Password to choose one)");
            IdentityLog.AdminPasswordGenerated(logger, admin.UserName);
        }
        else
        {
            IdentityLog.AdminCreated(logger, admin.UserName);
        }
    }

    private async Task SeedClientAsync(SeededClientOptions client, int index, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(client.ClientId))
        {
            throw new InvalidOperationException($"Identity:Clients:{index}:ClientId is empty.");
        }

        if (await clients.ExistsAsync(client.ClientId, cancellationToken))
        {
            IdentityLog.ClientAlreadyExists(logger, client.ClientId);
            return;
        }

        if (string.IsNullOrEmpty(client.ClientSecret))
        {
            throw new InvalidOperationException(
                $"Identity:Clients:{index}:ClientSecret is empty: a seeded client '{client.ClientId}' needs a secret.");
        }

        var scopes = client.Scopes.Count == 0 ? [DefaultScope] : client.Scopes.Where(s => !string.IsNullOrWhiteSpace(s)).ToList();
        await clients.CreateAsync(
            new ClientRegistration(
                DisplayName: string.IsNullOrWhiteSpace(client.DisplayName) ? client.ClientId : client.DisplayName,
                Scopes: scopes,
                ClientId: client.ClientId,
                ClientSecret: client.ClientSecret),
            cancellationToken);
        IdentityLog.ClientSeeded(logger, client.ClientId);
    }
}

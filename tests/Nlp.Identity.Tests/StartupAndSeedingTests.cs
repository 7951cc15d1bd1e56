using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nlp.Identity.Tests.Hosting;

namespace Nlp.Identity.Tests;

/// <summary>What survives a restart on the same store, what seeding may and may not change, and key configuration.</summary>
public sealed class StartupAndSeedingTests
{
    [Fact]
    public async Task Seeding_is_idempotent_and_keys_survive_a_restart()
    {
        using var directory = new TestDirectory();
        // Each run listens on a new port, so the issuer is configured rather than inferred from the host.
        var first = TestClients.Settings(directory.SqliteConnectionString);
        first["Identity:Issuer"] = "http://nlp-identity.test/";
        string tokenOfFirstRun;
        await using (var run1 = await KestrelApp.StartAsync(first))
        {
            tokenOfFirstRun = await OAuthCalls.AccessTokenAsync(run1.Client, TestClients.Pega);
        }

        var second = TestClients.Settings(directory.SqliteConnectionString);
        second["Identity:Issuer"] = "http://nlp-identity.test/";
        second["Identity:Clients:0:ClientSecret"] = "a-changed-secret";
        second["Identity:Clients:0:Scopes:0"] = "extra";
        second["Identity:Admin:Password"] = "another password";
        await using var run2 = await KestrelApp.StartAsync(second);

        // The existing client was not overwritten: old secret and old scope still hold.
        Assert.Equal(HttpStatusCode.OK, (await OAuthCalls.TokenAsync(run2.Client, "pega", "pega-secret", scope: "profile")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await OAuthCalls.TokenAsync(run2.Client, "pega", "a-changed-secret")).Status);

        // The token of the first run is still valid: same signing key, same token store.
        using (var ping = await run2.PingAsync(bearer: tokenOfFirstRun))
        {
            Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        }

        // Neither the admin password nor the client list changed.
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = run2.BaseAddress };
        var admin = new AdminSession(http);
        await admin.SignedInAsync();
        var list = await http.GetStringAsync("/clients", TestContext.Current.CancellationToken);
        Assert.Equal(TestClients.All.Count, list.Split("data-client-id=").Length - 1);
    }

    [Fact]
    public async Task The_start_builds_the_token_lookup_before_listening_so_the_first_caller_does_not()
    {
        using var directory = new TestDirectory();
        var settings = TestClients.Settings(directory.SqliteConnectionString);
        settings[$"Logging:LogLevel:{CommandLog.Category}"] = "Information";
        var log = new CommandLog();

        await using var app = await KestrelApp.StartAsync(settings, services: services => services.AddSingleton<ILoggerProvider>(log));

        // Started, before any request: the store has already been asked for a token by id.
        Assert.Contains(log.Commands, sql => sql.Contains("FROM \"OpenIddictTokens\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_expired_token_answers_401_invalid_token()
    {
        using var directory = new TestDirectory();
        var settings = TestClients.Settings(directory.SqliteConnectionString);
        settings["Identity:AccessTokenLifetime"] = "00:00:01";
        await using var app = await KestrelApp.StartAsync(settings);
        var response = await OAuthCalls.TokenAsync(app.Client, "pega", "pega-secret");
        Assert.True(response.Status == System.Net.HttpStatusCode.OK, $"token request failed: {response.Status} {response.Body}");
        // A loaded machine (two busy loops on two cores) answered 200 without expires_in: the 1 s lifetime had run
        // out by the time the answer was written. When it is there it is the configured lifetime at most.
        if (response.Body.TryGetProperty("expires_in", out var expiresIn))
        {
            Assert.InRange(expiresIn.GetInt32(), 0, 1);
        }

        await Task.Delay(TimeSpan.FromSeconds(2.2), TestContext.Current.CancellationToken);
        using var ping = await app.PingAsync(bearer: response.AccessToken);

        EmbeddedTokenValidationTests.AssertInvalidToken(ping);
    }

    [Fact]
    public async Task Embedded_validation_refuses_tokens_for_another_audience_and_from_another_key()
    {
        using var directory = new TestDirectory();
        var settings = TestClients.Settings(directory.SqliteConnectionString);
        settings["Auth:Audience"] = "some-other-api";
        await using var app = await KestrelApp.StartAsync(settings);
        var token = await OAuthCalls.AccessTokenAsync(app.Client, TestClients.Pega);
        Assert.Equal("nlp-api", OAuthCalls.JwtPayload(token).GetProperty("aud").GetString());

        using var wrongAudience = await app.PingAsync(bearer: token);
        using var otherKey = await app.PingAsync(bearer: ForeignTokens.SignedWithAnotherKey(token));

        EmbeddedTokenValidationTests.AssertInvalidToken(wrongAudience);
        EmbeddedTokenValidationTests.AssertInvalidToken(otherKey);
    }

    [Fact]
    public async Task A_configured_signing_certificate_that_is_missing_fails_the_start_naming_the_setting()
    {
        using var directory = new TestDirectory();
        var settings = TestClients.Settings(directory.SqliteConnectionString);
        settings["Identity:SigningCertificate:Path"] = Path.Combine(directory.Path, "missing.pfx");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => KestrelApp.StartAsync(settings));

        Assert.Contains("Identity:SigningCertificate:Path", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_certificate_password_fails_the_start_naming_the_setting()
    {
        using var directory = new TestDirectory();
        var path = WriteCertificate(directory, "signing.pfx", "right");
        var settings = TestClients.Settings(directory.SqliteConnectionString);
        settings["Identity:SigningCertificate:Path"] = path;
        settings["Identity:SigningCertificate:Password"] = "wrong";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => KestrelApp.StartAsync(settings));

        Assert.Contains("Identity:SigningCertificate:Password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configured_certificates_sign_the_tokens_and_are_published()
    {
        using var directory = new TestDirectory();
        var settings = TestClients.Settings(directory.SqliteConnectionString);
        settings["Identity:SigningCertificate:Path"] = WriteCertificate(directory, "signing.pfx", "pw1");
        settings["Identity:SigningCertificate:Password"] = "pw1";
        settings["Identity:EncryptionCertificate:Path"] = WriteCertificate(directory, "encryption.pfx", "pw2");
        settings["Identity:EncryptionCertificate:Password"] = "pw2";
        await using var app = await KestrelApp.StartAsync(settings);

        var token = await OAuthCalls.AccessTokenAsync(app.Client, TestClients.Pega);
        using var ping = await app.PingAsync(bearer: token);
        var jwks = await app.Client.GetStringAsync("/.well-known/jwks", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(settings["Identity:SigningCertificate:Path"]!, "pw1");
        Assert.Contains(certificate.Thumbprint, OAuthCalls.JwtHeader(token).GetProperty("kid").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"x5c\"", jwks, StringComparison.Ordinal);
    }

    private static string WriteCertificate(TestDirectory directory, string name, string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=nlp-identity-test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(directory.Path, name);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }
}

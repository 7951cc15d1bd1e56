using System.Net;
using Nlp.Identity.Configuration;
using Nlp.Identity.Tests.Hosting;

namespace Nlp.Identity.Tests;

/// <summary>Lock-out of the admin account after repeated failures (its own host: it locks the account).</summary>
public sealed class AdminLockoutTests(StandaloneIdentityFactory factory) : IClassFixture<StandaloneIdentityFactory>
{
    [Fact]
    public async Task Five_failures_lock_the_account_so_even_the_right_password_is_refused()
    {
        var admin = new AdminSession(factory.CreateBrowserlessClient());
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            using var failed = await admin.LoginAsync(password: $"wrong-{attempt}");
            Assert.Contains("Wrong user name or password", await failed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }

        using var fifth = await admin.LoginAsync(password: "wrong-5");
        Assert.Contains("locked", await fifth.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        using var right = await admin.LoginAsync();
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        using var clients = await admin.Http.GetAsync("/clients", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, clients.StatusCode);
    }

    [Fact]
    public void The_default_lock_out_is_five_attempts_for_fifteen_minutes()
    {
        var defaults = new AdminAccountOptions();

        Assert.Equal(5, defaults.MaxFailedAttempts);
        Assert.Equal(TimeSpan.FromMinutes(15), defaults.LockoutDuration);
    }
}

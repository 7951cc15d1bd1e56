using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nlp.Identity.Validation;

namespace Nlp.Identity.Tests.Hosting;

/// <summary>
/// A real Kestrel app on 127.0.0.1 wired the way <c>Nlp.Api</c> wires itself: the authorization server co-hosted
/// (<c>AddNlpIdentityServer</c> + <c>MapNlpIdentity</c>), token validation (<c>AddNlpTokenValidation</c>) guarding
/// <c>/auth/ping</c> with the <c>predict</c> policy, or both.
/// </summary>
internal sealed class KestrelApp : IAsyncDisposable
{
    private KestrelApp(WebApplication app, Uri baseAddress)
    {
        App = app;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public static async Task<KestrelApp> StartAsync(
        IDictionary<string, string?> settings, bool identityServer = true, bool tokenValidation = true, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        if (identityServer)
        {
            // As the Api does: it registers Razor Pages for itself, then co-hosts the identity server.
            builder.Services.AddRazorPages();
            builder.Services.AddNlpIdentityServer(builder.Configuration, builder.Environment);
        }

        if (tokenValidation)
        {
            builder.Services.AddNlpTokenValidation(builder.Configuration);
        }

        services?.Invoke(builder.Services);
        var app = builder.Build();
        if (identityServer)
        {
            await app.Services.InitializeNlpIdentityAsync(TestContext.Current.CancellationToken);

            // The Api may map Razor Pages for itself as well; mapping them twice must not duplicate the admin pages.
            app.MapRazorPages();
            app.MapNlpIdentity();
        }

        if (tokenValidation)
        {
            app.MapGet("/auth/ping", (ClaimsPrincipal user) => Results.Ok(new { subject = user.FindFirst("sub")?.Value }))
                .RequireAuthorization(NlpAuthorizationPolicies.Predict);
        }

        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new KestrelApp(app, new Uri(address));
    }

    public async Task<HttpResponseMessage> PingAsync(string? bearer = null, string? queryToken = null, string? host = null)
    {
        using var request = new HttpRequestMessage(
            HttpMethod.Get, queryToken is null ? "/auth/ping" : $"/auth/ping?access_token={Uri.EscapeDataString(queryToken)}");
        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        if (host is not null)
        {
            request.Headers.Host = host;
        }

        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Nlp.Identity;

/// <summary>Runs the authorization server on its own (<c>Auth:Mode=External</c> deployments), on port 8081 by default.</summary>
public sealed class Program
{
    public const string DefaultUrl = "http://localhost:8081";

    private Program()
    {
    }

    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (!HasConfiguredEndpoints(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Services.AddNlpIdentityServer(builder.Configuration, builder.Environment);

        var app = builder.Build();
        await app.Services.InitializeNlpIdentityAsync();
        app.MapGet("/", () => Results.Redirect("/clients")).ExcludeFromDescription();
        app.MapNlpIdentity();
        await app.RunAsync();
    }

    private static bool HasConfiguredEndpoints(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["urls"])
        || !string.IsNullOrEmpty(configuration["http_ports"])
        || !string.IsNullOrEmpty(configuration["https_ports"])
        || configuration.GetSection("Kestrel:Endpoints").Exists();
}

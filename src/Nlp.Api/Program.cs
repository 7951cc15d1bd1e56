using Mediator;
using Nlp.Api;
using Nlp.Api.Endpoints;
using Nlp.Api.OpenApi;
using Nlp.Application;
using Nlp.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
{
    // The original container's port; --urls or ASPNETCORE_URLS override it.
    builder.WebHost.UseUrls("http://localhost:8080");
}

builder.Services
    .AddMediator((MediatorOptions options) => options.ServiceLifetime = ServiceLifetime.Singleton)
    .AddApplication()
    .AddInfrastructure()
    .AddApi();

var app = builder.Build();
app.UseForwardedHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseNlpOpenApi();

app.MapPredictionRoutes("/noauth/predict", "/v1/models/{modelIdentifier}:predict", "NoAuth");

await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;

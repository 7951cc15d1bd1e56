using Mediator;
using Nlp.Api;
using Nlp.Api.Auth;
using Nlp.Application;
using Nlp.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey])
    && string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.HttpPortsKey])
    && string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.HttpsPortsKey]))
{
    // The original container's port; --urls, ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS override it.
    builder.WebHost.UseUrls("http://localhost:8080");
}

builder.Logging.Configure(o => o.ActivityTrackingOptions =
    ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
builder.Services
    .AddMediator((MediatorOptions options) => options.ServiceLifetime = ServiceLifetime.Singleton)
    .AddApplication()
    .AddInfrastructure()
    .AddApi(builder.Configuration)
    .AddNlpAuth(builder.Configuration, builder.Environment);

var app = builder.Build();
await app.InitializeNlpAuthAsync();
app.UseNlpPipeline();
app.MapNlpEndpoints();
await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;

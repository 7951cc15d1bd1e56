using NSwag;
using NSwag.Generation.AspNetCore;

namespace Nlp.Api.OpenApi;

/// <summary>
/// The service-discovery documents (CONTRACT.md section 3): Swagger 2.0 at <c>/api/docs</c> and <c>/swagger.json</c>
/// (what the original served and what Pega imports), OpenAPI 3.0 at <c>/openapi/v1.json</c>, Swagger UI at <c>/doc</c>.
/// Server URLs follow <c>X-Forwarded-*</c> (applied to the request by the forwarded-headers middleware).
/// </summary>
internal static class OpenApiSetup
{
    private const string Swagger2 = "swagger";
    private const string OpenApi3 = "v1";

    public static IServiceCollection AddNlpOpenApi(this IServiceCollection services, IConfiguration configuration)
    {
        var security = new AuthOperationSecurity(configuration["Auth:RequiredScope"] ?? "profile");
        services.AddEndpointsApiExplorer();
        services.AddSwaggerDocument(s => Describe(s, Swagger2, security));
        services.AddOpenApiDocument(s => Describe(s, OpenApi3, security));
        return services;
    }

    /// <summary>
    /// The documents and the UI answer GET (and HEAD) requests only, so the other requests (every POST prediction)
    /// skip their middlewares, which compare and cut path strings on each request they see.
    /// </summary>
    public static WebApplication UseNlpOpenApi(this WebApplication app)
    {
        app.UseWhen(static context => HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method), static docs =>
        {
            docs.UseOpenApi(s => { s.DocumentName = Swagger2; s.Path = "/api/docs"; s.PostProcess = UseRequestOrigin; });
            docs.UseOpenApi(s => { s.DocumentName = Swagger2; s.Path = "/swagger.json"; s.PostProcess = UseRequestOrigin; });
            docs.UseOpenApi(s => { s.DocumentName = OpenApi3; s.Path = "/openapi/v1.json"; s.PostProcess = UseRequestOrigin; });
            docs.UseSwaggerUi(s =>
            {
                s.Path = "/doc";
                s.DocumentPath = "/openapi/v1.json";
            });
        });
        return app;
    }

    /// <summary>
    /// Host, scheme and base path as the caller sees them: behind a reverse proxy the forwarded-headers middleware has
    /// already applied <c>X-Forwarded-Proto/Host/Prefix</c> to the request (prefix → PathBase).
    /// </summary>
    private static void UseRequestOrigin(OpenApiDocument document, HttpRequest request)
    {
        document.Host = request.Host.Value;
        document.Schemes.Clear();
        document.Schemes.Add(request.IsHttps ? OpenApiSchema.Https : OpenApiSchema.Http);
        document.BasePath = request.PathBase.HasValue ? request.PathBase.Value : null;
        if (document.SecurityDefinitions.TryGetValue(AuthOperationSecurity.SchemeName, out var scheme))
        {
            var tokenUrl = TokenUrl(request);
            scheme.TokenUrl = tokenUrl;
            scheme.Flows?.ClientCredentials?.TokenUrl = tokenUrl;
        }
    }

    /// <summary><c>Auth:TokenUrl</c> if set; else the External authority's token endpoint; else this host's (Embedded).</summary>
    private static string TokenUrl(HttpRequest request)
    {
        var configuration = request.HttpContext.RequestServices.GetRequiredService<IConfiguration>();
        if (configuration["Auth:TokenUrl"] is { Length: > 0 } configured)
        {
            return configured;
        }

        if (!Auth.AuthSetup.IsEmbedded(configuration) && configuration["Auth:Authority"] is { Length: > 0 } authority)
        {
            return new Uri(new Uri(authority.TrimEnd('/') + "/"), AuthOperationSecurity.DefaultTokenPath.TrimStart('/')).ToString();
        }

        return $"{request.Scheme}://{request.Host}{request.PathBase}{AuthOperationSecurity.DefaultTokenPath}";
    }

    private static void Describe(AspNetCoreOpenApiDocumentGeneratorSettings settings, string name, AuthOperationSecurity security)
    {
        settings.OperationProcessors.Add(security);
        settings.DocumentProcessors.Add(security);
        settings.DocumentName = name;
        settings.Title = "NlpInference";
        settings.Version = "v1";
        settings.Description = "Keras text classifiers served without Python: topic prediction for Pega and .NET callers.";
        settings.PostProcess = document => document.Info.Contact = new OpenApiContact { Name = "NlpInference" };
    }
}

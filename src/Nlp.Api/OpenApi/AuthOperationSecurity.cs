using NSwag;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace Nlp.Api.OpenApi;

/// <summary>
/// Declares the OAuth 2.0 client-credentials scheme and puts it on the <c>/auth/*</c> operations only, so NSwag
/// clients and Swagger UI know how to get a token there (and that <c>/noauth/*</c> needs none).
/// </summary>
internal sealed class AuthOperationSecurity(string requiredScope) : IOperationProcessor, IDocumentProcessor
{
    public const string SchemeName = "oauth2";

    /// <summary>The token URL written into the documents; made absolute per request in <see cref="OpenApiSetup"/>.</summary>
    public const string DefaultTokenPath = "/oauth/token";

    public bool Process(OperationProcessorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.OperationDescription.Path.StartsWith("/auth/", StringComparison.Ordinal))
        {
            context.OperationDescription.Operation.Security ??= [];
            context.OperationDescription.Operation.Security.Add(new OpenApiSecurityRequirement { { SchemeName, [requiredScope] } });
        }

        return true;
    }

    public void Process(DocumentProcessorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var scopes = new Dictionary<string, string> { [requiredScope] = "Call the prediction endpoints under /auth/." };
        context.Document.SecurityDefinitions[SchemeName] = new OpenApiSecurityScheme
        {
            Type = OpenApiSecuritySchemeType.OAuth2,
            Description = "Client credentials: POST the client id and secret (Basic header or form body) to the token URL.",
            Flow = OpenApiOAuth2Flow.Application,
            TokenUrl = DefaultTokenPath,
            Scopes = scopes,
            Flows = new OpenApiOAuthFlows
            {
                ClientCredentials = new OpenApiOAuthFlow { TokenUrl = DefaultTokenPath, Scopes = scopes },
            },
        };
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Nlp.Client;

/// <summary>Registers the typed client with <see cref="IHttpClientFactory"/>.</summary>
public static class NlpInferenceClientServiceCollectionExtensions
{
    /// <summary>The named <see cref="HttpClient"/> that calls the token endpoint.</summary>
    public const string TokenClientName = "Nlp.Client.Token";

    /// <summary>
    /// Registers <see cref="INlpInferenceClient"/> (a typed client of <see cref="IHttpClientFactory"/>) for the service at
    /// <paramref name="baseAddress"/> (e.g. <c>https://nlp.example.com/</c>, path prefix allowed), with a
    /// <see cref="ClientCredentialsTokenHandler"/> when <see cref="NlpInferenceClientOptions.ClientCredentials"/> is set.
    /// </summary>
    /// <returns>The client's builder, to add handlers (e.g. resilience) or configure the primary handler.</returns>
    public static IHttpClientBuilder AddNlpInferenceClient(
        this IServiceCollection services,
        Uri baseAddress,
        Action<NlpInferenceClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(baseAddress);
        if (!baseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException("The base address must be an absolute URI.", nameof(baseAddress));
        }

        var options = new NlpInferenceClientOptions();
        configure?.Invoke(options);
        var root = WithTrailingSlash(baseAddress);

        var builder = services.AddHttpClient<INlpInferenceClient, NlpInferenceClient>(client =>
        {
            client.BaseAddress = root;
            client.Timeout = options.Timeout;
        });

        if (options.ClientCredentials is { } credentials)
        {
            credentials.Validate();
            services.TryAddSingleton(TimeProvider.System);
            // The provider is a singleton that keeps its HttpClient: give that client a handler that renews connections.
            services.AddHttpClient(TokenClientName)
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
                .SetHandlerLifetime(System.Threading.Timeout.InfiniteTimeSpan);
            services.AddKeyedSingleton(builder.Name, (sp, _) => new ClientCredentialsTokenProvider(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(TokenClientName),
                credentials,
                sp.GetRequiredService<TimeProvider>()));
            builder.AddHttpMessageHandler(sp =>
                new ClientCredentialsTokenHandler(sp.GetRequiredKeyedService<ClientCredentialsTokenProvider>(builder.Name)));
        }

        return builder;
    }

    /// <summary>The generated client uses relative paths (<c>noauth/predict</c>): a prefix survives only with a trailing slash.</summary>
    private static Uri WithTrailingSlash(Uri address) =>
        address.AbsolutePath.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
}

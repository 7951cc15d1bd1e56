using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nlp.Application;

namespace Nlp.Infrastructure.Tests.ModelRepository;

/// <summary>The services the Api registers from Application and Infrastructure, on one configuration setting.</summary>
internal static class ConfiguredServices
{
    public static ServiceProvider With(string key, string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [key] = value })
            .Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddApplication()
            .AddInfrastructure()
            .BuildServiceProvider();
    }
}

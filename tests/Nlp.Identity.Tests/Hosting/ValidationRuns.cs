using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Validation;

namespace Nlp.Identity.Tests.Hosting;

/// <summary>Counts how many times OpenIddict's validation authenticates a request (its first handler runs).</summary>
internal sealed class ValidationRuns
{
    private int count;

    public int Count => Volatile.Read(ref count);

    /// <summary>For <see cref="KestrelApp.StartAsync"/>'s <c>services</c> callback.</summary>
    public void Register(IServiceCollection services) => services.AddOpenIddict().AddValidation(validation =>
        validation.AddEventHandler<OpenIddictValidationEvents.ProcessAuthenticationContext>(handler => handler
            .UseInlineHandler(_ =>
            {
                Interlocked.Increment(ref count);
                return default;
            })
            .SetOrder(int.MinValue)));
}

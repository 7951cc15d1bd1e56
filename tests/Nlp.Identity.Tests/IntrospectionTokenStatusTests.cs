using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Nlp.Identity.Validation;
using OpenIddict.Abstractions;
using OpenIddict.Validation;

namespace Nlp.Identity.Tests;

/// <summary>
/// <see cref="IntrospectionTokenStatus"/> against an introspection endpoint the test controls and a clock it moves:
/// one question per token at a time, an answer renewed in its last tenth without making its callers wait, and none
/// trusted past its interval (ADR-015).
/// </summary>
public sealed class IntrospectionTokenStatusTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly ControlledEndpoint endpoint = new();
    private readonly ManualClock clock = new();
    private readonly IntrospectionTokenStatus status;

    public IntrospectionTokenStatusTests() => status = new IntrospectionTokenStatus(
        endpoint, Options.Create(new TokenValidationOptions { Mode = AuthMode.External, ClientSecret = "s", RevocationCheckInterval = Interval }),
        new FixedValidationOptions(), clock, NullLogger<IntrospectionTokenStatus>.Instance);

    [Fact]
    public async Task Concurrent_uses_of_a_token_not_yet_asked_about_share_one_question()
    {
        endpoint.Hold();
        var uses = Enumerable.Range(0, 8).Select(_ => status.IsActiveAsync("t", null, CancellationToken.None).AsTask()).ToArray();
        await endpoint.Asked(1).WaitAsync(Wait, TestContext.Current.CancellationToken);
        await Task.Delay(100, TestContext.Current.CancellationToken);   // time for the other seven to ask, if they would
        endpoint.Release();

        Assert.All(await Task.WhenAll(uses), Assert.True);
        Assert.Equal(1, endpoint.Questions);
    }

    [Fact]
    public async Task A_token_used_in_the_last_tenth_of_its_answer_is_asked_again_without_its_caller_waiting()
    {
        Assert.True(await status.IsActiveAsync("t", null, CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(50));                      // 10 s left: more than the 6 s margin
        Assert.True(await status.IsActiveAsync("t", null, CancellationToken.None));
        Assert.Equal(1, endpoint.Questions);
        Assert.Equal(TimeSpan.FromSeconds(10), status.TrustedFor("t"));

        clock.Advance(TimeSpan.FromSeconds(5));                       // 5 s left: renewed in the background
        endpoint.Hold();
        Assert.True(await status.IsActiveAsync("t", null, CancellationToken.None).AsTask().WaitAsync(Wait, TestContext.Current.CancellationToken));
        await endpoint.Asked(2).WaitAsync(Wait, TestContext.Current.CancellationToken);
        endpoint.Release();
        await WaitUntilAsync(() => status.TrustedFor("t") == Interval);

        clock.Advance(TimeSpan.FromSeconds(10));                      // past the first answer, within the renewed one
        Assert.True(await status.IsActiveAsync("t", null, CancellationToken.None));
        Assert.Equal(2, endpoint.Questions);
    }

    [Fact]
    public async Task An_answer_is_not_trusted_past_its_interval_and_an_inactive_one_gives_a_ticket_nothing()
    {
        Assert.True(await status.IsActiveAsync("t", null, CancellationToken.None));
        clock.Advance(Interval + TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, status.TrustedFor("t"));

        endpoint.Active = false;                                      // revoked at the server meanwhile
        Assert.False(await status.IsActiveAsync("t", null, CancellationToken.None));
        Assert.Equal(2, endpoint.Questions);
        Assert.Equal(TimeSpan.Zero, status.TrustedFor("t"));
    }

    public void Dispose() => status.Dispose();

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 20)
        {
            Assert.True(waited < Wait.TotalMilliseconds, "the condition did not hold in time");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset now = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }

    private sealed class FixedValidationOptions : IOptionsMonitor<OpenIddictValidationOptions>
    {
        public OpenIddictValidationOptions CurrentValue { get; } = new()
        {
            ConfigurationManager = new StaticConfigurationManager<OpenIddictConfiguration>(
                new OpenIddictConfiguration { IntrospectionEndpoint = new Uri("http://issuer.test/oauth/introspect") }),
        };

        public OpenIddictValidationOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<OpenIddictValidationOptions, string?> listener) => null;
    }

    /// <summary>The introspection endpoint: counts questions, answers <see cref="Active"/>, and can hold its answers.</summary>
    private sealed class ControlledEndpoint : HttpMessageHandler, IHttpClientFactory
    {
        private TaskCompletionSource? held;
        private int questions;

        public bool Active { get; set; } = true;

        public int Questions => Volatile.Read(ref questions);

        public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

        public void Hold() => held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => held?.SetResult();

        /// <summary>Completes once the endpoint has been asked <paramref name="count"/> questions.</summary>
        public async Task Asked(int count)
        {
            while (Questions < count)
            {
                await Task.Delay(10);
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref questions);
            if (held is { } gate)
            {
                await gate.Task;
            }

            var body = Active ? """{"active":true}""" : """{"active":false}""";
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }
}

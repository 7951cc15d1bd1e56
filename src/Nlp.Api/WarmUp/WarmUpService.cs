using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Nlp.Application.Common.Interfaces;
using Nlp.Application.Models;

namespace Nlp.Api.WarmUp;

/// <summary>
/// The warm-up (<see cref="WarmUpOptions"/>): after the server has started and the models check passes (every model
/// loaded, under eager loading), sends <c>POST /noauth/predict</c> for each loaded model to the service's own HTTP
/// address from one loop per core for <see cref="WarmUpOptions.Duration"/>, then ends the warm-up, which makes
/// readiness pass. The requests go through the whole server (connection, routing, JSON, validation, Mediator, the
/// engine), so the runtime's first-call work on that code is done before the first caller's request (the tiered
/// compilation under load still takes its seconds: docs/benchmarks.md, seventeenth round); they carry
/// <see cref="WarmUpState.Secret"/>, which keeps them out of the request metrics. Whatever goes wrong (no plain-HTTP
/// address, refused connections, error answers) is logged and ends the warm-up: it never keeps the service unready.
/// </summary>
internal sealed partial class WarmUpService(
    IServer server,
    IHostApplicationLifetime lifetime,
    HealthCheckService health,
    IModelCatalog catalog,
    WarmUpState state,
    IOptions<WarmUpOptions> options,
    ILogger<WarmUpService> logger) : BackgroundService
{
    private const string PredictPath = "noauth/predict";
    private const int GiveUpAfterFailures = 20;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Duration <= TimeSpan.Zero)
        {
            state.Finish("Off (WarmUp:Duration is 0).");
            return;
        }

        var summary = "Not run.";
        try
        {
            await StartedAsync(stoppingToken);
            await ModelsReadyAsync(stoppingToken);
            summary = await WarmAsync(settings, stoppingToken);
            LogDone(logger, summary);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            summary = "Stopped with the service.";
        }
#pragma warning disable CA1031 // a failed warm-up must not keep the service unready: logged, and readiness goes on
        catch (Exception e)
#pragma warning restore CA1031
        {
            summary = $"Failed: {e.Message}";
            LogFailed(logger, e);
        }
        finally
        {
            state.Finish(summary);
        }
    }

    private async Task StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
    }

    private async Task ModelsReadyAsync(CancellationToken stoppingToken)
    {
        while ((await health.CheckHealthAsync(c => c.Name == Infrastructure.DependencyInjection.ModelsCheckName, stoppingToken)).Status
               != HealthStatus.Healthy)
        {
            await Task.Delay(Poll, stoppingToken);
        }
    }

    private async Task<string> WarmAsync(WarmUpOptions settings, CancellationToken stoppingToken)
    {
        var target = WarmUpTarget.From(server.Features.Get<IServerAddressesFeature>()?.Addresses);
        if (target is null)
        {
            return "Skipped: the server has no plain-HTTP address to reach itself on.";
        }

        var bodies = catalog.List().Where(m => m.State == ModelState.Available).Select(m => Body(m.Identifier, settings.Text)).ToArray();
        if (bodies.Length == 0)
        {
            return "Skipped: no model loaded (the warm-up predicts with the models loaded at start: Models:EagerLoad=true).";
        }

        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
        {
            BaseAddress = target,
            Timeout = TimeSpan.FromSeconds(30),
        };
        client.DefaultRequestHeaders.Add(WarmUpState.HeaderName, state.Secret);
        var clock = Stopwatch.StartNew();
        var tally = new Tally();
        var loops = Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount))
            .Select(first => LoopAsync(client, bodies, first, settings.Duration, clock, tally, stoppingToken));
        await Task.WhenAll(loops);
        return $"{tally.Answered} warm-up requests to {bodies.Length} model(s) through {target} in {clock.Elapsed.TotalSeconds:F1} s"
            + (tally.Failed == 0 ? "." : $"; {tally.Failed} failed (last: {tally.LastFailure}).");
    }

    private static async Task LoopAsync(
        HttpClient client, byte[][] bodies, int first, TimeSpan duration, Stopwatch clock, Tally tally, CancellationToken stoppingToken)
    {
        for (var i = first; clock.Elapsed < duration && tally.Failed < GiveUpAfterFailures; i++)
        {
            using var content = new ByteArrayContent(bodies[i % bodies.Length]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            try
            {
                using var response = await client.PostAsync(PredictPath, content, stoppingToken);
                tally.Count(response.StatusCode == HttpStatusCode.OK ? null : $"HTTP {(int)response.StatusCode}");
            }
            catch (HttpRequestException e)
            {
                tally.Count(e.Message);
            }
        }
    }

    private static byte[] Body(string model, string text) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["modelIdentifier"] = model, ["text"] = text },
            WarmUpJsonContext.Default.DictionaryStringString);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Warm-up done: {Summary}")]
    private static partial void LogDone(ILogger logger, string summary);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Warm-up failed; the service reports ready without it")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    /// <summary>The loops' answers: successes, failures and the last failure's reason.</summary>
    private sealed class Tally
    {
        private int _answered;
        private int _failed;

        public int Answered => Volatile.Read(ref _answered);

        public int Failed => Volatile.Read(ref _failed);

        public string? LastFailure { get; private set; }

        public void Count(string? failure)
        {
            if (failure is null)
            {
                Interlocked.Increment(ref _answered);
                return;
            }

            LastFailure = failure;
            Interlocked.Increment(ref _failed);
        }
    }
}

using System.Diagnostics;
using System.Runtime.CompilerServices;
using Mediator;
using Nlp.Application.Common.Exceptions;
using Nlp.Application.Common.Telemetry;
using Nlp.Application.Predictions.Predict;
using Nlp.Application.Predictions.PredictBatch;
using Nlp.Domain;

namespace Nlp.Application.Common.Behaviors;

/// <summary>
/// Counts prediction requests and their latency per model and status (the outermost behaviour, so validation
/// failures are counted too). Unknown or invalid identifiers are tagged <c>(unknown)</c> to keep label cardinality bounded.
/// </summary>
public sealed class PredictionMetricsBehavior<TMessage, TResponse>(PredictionMetrics metrics) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // boxed when the prediction completes later (micro-batching): pooled boxes
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        var (model, batch) = message switch
        {
            PredictCommand p => (p.ModelIdentifier, 1),
            PredictBatchCommand b => (b.ModelIdentifier, b.Instances?.Count ?? 0),
            _ => (null, 0),
        };
        if (batch == 0)
        {
            return await next(message, cancellationToken);
        }

        var started = Stopwatch.GetTimestamp();
        var status = 500;
        try
        {
            var response = await next(message, cancellationToken);
            status = 200;
            return response;
        }
        catch (RequestValidationException)
        {
            status = 400;
            throw;
        }
        catch (DomainException)
        {
            status = 400;
            throw;
        }
        catch (ModelNotFoundException)
        {
            status = 404;
            throw;
        }
        finally
        {
            var tag = status is 200 or 500 && ModelIdentifier.IsValid(model) ? model : "(unknown)";
            metrics.RecordRequest(tag, status, batch, Stopwatch.GetElapsedTime(started));
        }
    }
}

using System.Runtime.CompilerServices;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Nlp.Api.BackPressure;
using Nlp.Api.Contracts;
using Nlp.Application.Predictions.Predict;
using Nlp.Application.Predictions.PredictBatch;

namespace Nlp.Api.Endpoints;

/// <summary>
/// The prediction routes: single text (POST and GET, the original's paths) and the batch form. Endpoints only bind
/// and map; validation and errors happen in the Mediator pipeline and the exception handler. Each holds a
/// <see cref="PredictionGate"/> slot while it runs (back-pressure: 503 when every slot and the queue are taken). The
/// handlers' services are singletons, taken once when the routes are mapped: a request that asks the container for
/// none gets no service scope (its creation, lookups and disposal were a few percent of a small model's requests).
/// </summary>
internal static class PredictionEndpoints
{
    /// <param name="group">The group the routes hang under (<c>/noauth</c>-style prefix or the root).</param>
    /// <param name="singlePath">e.g. <c>/noauth/predict</c>.</param>
    /// <param name="batchPath">e.g. <c>/v1/models/{modelIdentifier}:predict</c>.</param>
    /// <param name="operationPrefix">Prefix of the OpenAPI operation ids, e.g. <c>NoAuth</c>.</param>
    public static RouteGroupBuilder MapPredictionRoutes(this IEndpointRouteBuilder app, string singlePath, string batchPath, string operationPrefix)
    {
        var handlers = new Handlers(
            app.ServiceProvider.GetRequiredService<JsonBodyReader>(),
            app.ServiceProvider.GetRequiredService<ISender>(),
            app.ServiceProvider.GetRequiredService<PredictionGate>());
        var group = app.MapGroup(string.Empty);
        group.MapPost(singlePath, handlers.PostPredictAsync)
            .WithName(operationPrefix + "Predict")
            .WithSummary("Classify one text (the original service's operation).")
            .Accepts<PredictBody>("application/json", "text/json")
            .Produces<PredictResponse>(StatusCodes.Status200OK, "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status500InternalServerError);

        group.MapGet(singlePath, handlers.GetPredictAsync)
            .WithName(operationPrefix + "PredictGet")
            .WithSummary("Classify one text given in the query string (Pega's stand-alone GET option).")
            .Produces<PredictResponse>(StatusCodes.Status200OK, "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status500InternalServerError);

        group.MapPost(batchPath, handlers.PostBatchAsync)
            .WithName(operationPrefix + "PredictBatch")
            .WithSummary("Classify several texts with one model; predictions keep the input order.")
            .Accepts<PredictBatchRequest>("application/json", "text/json")
            .Produces<PredictBatchResponse>(StatusCodes.Status200OK, "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status500InternalServerError);
        return group;
    }

    /// <summary>The route handlers, with the services they share.</summary>
    private sealed class Handlers(JsonBodyReader reader, ISender sender, PredictionGate gate)
    {
        // Pooled boxes: a prediction that completes later (micro-batching) suspends these; one that completes at once
        // returns a ValueTask without allocating a task.
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        public async ValueTask<IResult> PostPredictAsync(
            HttpRequest request,
            [FromQuery] bool? includeAllTopics,
            CancellationToken cancellationToken)
        {
            await gate.EnterAsync(cancellationToken);
            try
            {
                var body = await reader.ReadAsync(request, ApiJsonContext.Default.PredictRequest, cancellationToken);
                var prediction = await sender.Send(new PredictCommand(body.ModelIdentifier, body.Text), cancellationToken);
                return WireJson.Result(prediction.ToResponse(body.IncludeAllTopics ?? includeAllTopics ?? false));
            }
            finally
            {
                gate.Exit();
            }
        }

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        public async ValueTask<IResult> GetPredictAsync(
            [FromQuery] string? modelIdentifier,
            [FromQuery] string? text,
            [FromQuery] bool? includeAllTopics,
            CancellationToken cancellationToken)
        {
            await gate.EnterAsync(cancellationToken);
            try
            {
                var prediction = await sender.Send(new PredictCommand(modelIdentifier, text), cancellationToken);
                return WireJson.Result(prediction.ToResponse(includeAllTopics ?? false));
            }
            finally
            {
                gate.Exit();
            }
        }

        public async Task<IResult> PostBatchAsync(
            string modelIdentifier,
            HttpRequest request,
            CancellationToken cancellationToken)
        {
            await gate.EnterAsync(cancellationToken);
            try
            {
                var body = await reader.ReadAsync(request, ApiJsonContext.Default.PredictBatchRequest, cancellationToken);
                var predictions = await sender.Send(new PredictBatchCommand(modelIdentifier, body.Instances), cancellationToken);
                return WireJson.Result(new PredictBatchResponse([.. predictions.Select(static p => p.ToResponse(includeAllTopics: true))]));
            }
            finally
            {
                gate.Exit();
            }
        }
    }
}

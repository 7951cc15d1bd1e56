using Mediator;
using Microsoft.AspNetCore.Mvc;
using Nlp.Application.Models;
using Nlp.Application.Models.GetModel;
using Nlp.Application.Models.ListModels;
using Nlp.Application.Models.ReloadModels;

namespace Nlp.Api.Endpoints;

/// <summary>The models API for operators: what is loaded, in which state, and a reload trigger.</summary>
internal static class ModelEndpoints
{
    public static RouteGroupBuilder MapModelRoutes(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/models").WithTags("Models");

        group.MapGet("", async ([FromServices] ISender sender, CancellationToken ct) =>
                TypedResults.Ok(new ModelListResponse(await sender.Send(new ListModelsQuery(), ct))))
            .WithName("ListModels")
            .WithSummary("Every model folder under the models root, with its state.");

        group.MapGet("/{modelIdentifier}", async (string modelIdentifier, [FromServices] ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetModelQuery(modelIdentifier), ct)))
            .WithName("GetModel")
            .WithSummary("One model: state, labels, input, layers, parameter count, file hashes, load time, last error.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{modelIdentifier}:reload", async (string modelIdentifier, [FromServices] ISender sender, CancellationToken ct) =>
                TypedResults.Ok(new ModelListResponse(await sender.Send(new ReloadModelsCommand(modelIdentifier), ct))))
            .WithName("ReloadModel")
            .WithSummary("Load the model's current files beside the serving version; swap if they load, keep the old one if not.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPost("/v1/models:reload", async ([FromServices] ISender sender, CancellationToken ct) =>
                TypedResults.Ok(new ModelListResponse(await sender.Send(new ReloadModelsCommand(null), ct))))
            .WithTags("Models")
            .WithName("ReloadModels")
            .WithSummary("Reload every model folder.");
        return group;
    }
}

/// <summary>The list answer of the models API.</summary>
public sealed record ModelListResponse(IReadOnlyList<ModelStatus> Models);

using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Nlp.Api.BackPressure;
using Nlp.Application.Common.Exceptions;
using Nlp.Domain;

namespace Nlp.Api.ErrorHandling;

/// <summary>
/// The one place where expected failures become RFC 9457 problem details. Unexpected exceptions answer a generic 500:
/// no stack trace, path or exception text reaches the caller (it is logged instead).
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            RequestValidationException e => new ValidationProblemDetails(e.Errors.ToDictionary(k => k.Key, k => k.Value))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "One or more validation errors occurred.",
                Detail = string.Join(" ", e.Errors.SelectMany(k => k.Value)),
            },
            RequestBodyException e => Problem(e.StatusCode, e.Title, e.Message),
            DomainException e => Problem(StatusCodes.Status400BadRequest, "The request is not valid.", e.Message),
            ModelNotFoundException e => Problem(StatusCodes.Status404NotFound, "Model not found.", e.Message),
            ModelLoadException e => Problem(StatusCodes.Status500InternalServerError, "The model cannot be loaded.", e.Message),
            ModelPredictionException e => Problem(StatusCodes.Status500InternalServerError, "The model cannot score this text.", e.Message),
            PredictionCapacityException e => Problem(StatusCodes.Status503ServiceUnavailable, "Too many requests in flight.", e.Message),
            BadHttpRequestException e => Problem(e.StatusCode, "Bad request.", "The request could not be read."),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => null,
            _ => Problem(StatusCodes.Status500InternalServerError, "An unexpected error occurred.",
                "The server failed to process the request; the error was logged with the trace id."),
        };

        if (problem is null)
        {
            return true;
        }

        if (exception is ModelPredictionException prediction)
        {
            LogModelCannotScore(logger, prediction.ModelIdentifier, prediction.Message);
        }
        else if (problem.Status == StatusCodes.Status500InternalServerError && exception is not ModelLoadException)
        {
            LogUnexpected(logger, exception, httpContext.Request.Path);
        }

        if (exception is PredictionCapacityException capacity)
        {
            httpContext.Response.Headers.RetryAfter = capacity.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails Problem(int status, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail, Type = $"https://httpstatuses.io/{status}" };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model}: {Problem}")]
    private static partial void LogModelCannotScore(ILogger logger, string model, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure on {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string path);
}

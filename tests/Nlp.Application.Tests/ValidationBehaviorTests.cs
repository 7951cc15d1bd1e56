using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using Nlp.Application.Common.Behaviors;
using Nlp.Application.Common.Exceptions;
using Nlp.Application.Predictions.Predict;
using Nlp.Application.Predictions.PredictBatch;
using Nlp.Domain;

namespace Nlp.Application.Tests;

public sealed class ValidationBehaviorTests
{
    private static readonly IOptions<PredictionOptions> Limits = Options.Create(new PredictionOptions { MaxTextLength = 10, MaxBatchSize = 2 });

    [Fact]
    public async Task Valid_command_reaches_the_handler()
    {
        var behavior = new ValidationBehavior<PredictCommand, Prediction>([new PredictCommandValidator(Limits)]);
        var expected = new Prediction("hi", ["a"], [1f]);

        var result = await behavior.Handle(new PredictCommand("model", "hi"), (_, _) => ValueTask.FromResult(expected), CancellationToken.None);

        Assert.Same(expected, result);
    }

    [Theory]
    [InlineData(null, "hi", "modelIdentifier")]
    [InlineData("../x", "hi", "modelIdentifier")]
    [InlineData("model", null, "text")]
    [InlineData("model", " ", "text")]
    [InlineData("model", "01234567890", "text")]
    public async Task Invalid_command_never_reaches_the_handler(string? model, string? text, string field)
    {
        var behavior = new ValidationBehavior<PredictCommand, Prediction>([new PredictCommandValidator(Limits)]);
        var called = false;

        var error = await Assert.ThrowsAsync<RequestValidationException>(async () =>
            await behavior.Handle(new PredictCommand(model, text), (_, _) => { called = true; return default; }, CancellationToken.None));

        Assert.False(called);
        Assert.Equal([field], error.Errors.Keys);
        Assert.Single(error.Errors[field]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public async Task Batch_size_is_bounded(int count)
    {
        var behavior = new ValidationBehavior<PredictBatchCommand, IReadOnlyList<Prediction>>([new PredictBatchCommandValidator(Limits)]);
        var instances = Enumerable.Repeat<string?>("x", count).ToList();

        var error = await Assert.ThrowsAsync<RequestValidationException>(async () =>
            await behavior.Handle(new PredictBatchCommand("m", instances), (_, _) => default, CancellationToken.None));

        Assert.Contains("instances", error.Errors.Keys);
    }

    [Fact]
    public async Task Blank_batch_instance_is_refused()
    {
        var behavior = new ValidationBehavior<PredictBatchCommand, IReadOnlyList<Prediction>>([new PredictBatchCommandValidator(Limits)]);

        var error = await Assert.ThrowsAsync<RequestValidationException>(async () =>
            await behavior.Handle(new PredictBatchCommand("m", ["ok", " "]), (_, _) => default, CancellationToken.None));

        Assert.Contains(error.Errors.Keys, k => k.StartsWith("instances", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Failures_of_every_validator_are_reported_once_per_message()
    {
        var behavior = new ValidationBehavior<PredictCommand, Prediction>(
            [new PredictCommandValidator(Limits), new TextMustNotSayValidator("no"), new TextMustNotSayValidator("no")]);

        var error = await Assert.ThrowsAsync<RequestValidationException>(async () =>
            await behavior.Handle(new PredictCommand(null, "no"), (_, _) => default, CancellationToken.None));

        Assert.Equal(["modelIdentifier", "text"], error.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["The text must not be 'no'."], error.Errors["text"]);
    }

    private sealed class TextMustNotSayValidator : AbstractValidator<PredictCommand>
    {
        public TextMustNotSayValidator(string word) =>
            RuleFor(c => c.Text).NotEqual(word).WithMessage($"The text must not be '{word}'.");
    }
}

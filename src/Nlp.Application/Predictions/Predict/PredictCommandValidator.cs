using FluentValidation;
using Microsoft.Extensions.Options;
using Nlp.Application.Common;

namespace Nlp.Application.Predictions.Predict;

public sealed class PredictCommandValidator : AbstractValidator<PredictCommand>
{
    public PredictCommandValidator(IOptions<PredictionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.ModelIdentifier).MustBeModelIdentifier();
        RuleFor(c => c.Text).MustBeText(options.Value.MaxTextLength);
    }
}

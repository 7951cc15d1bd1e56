using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Nlp.Application.Common.Exceptions;

namespace Nlp.Application.Common.Behaviors;

/// <summary>
/// Runs every FluentValidation validator of a message before its handler; failures become one exception. A valid
/// message (every prediction request that gets an answer) costs the validation context and the validators' own work:
/// the failures are only gathered when there are some.
/// </summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    private readonly IValidator<TMessage>[] _validators = [.. validators];

    public ValueTask<TResponse> Handle(
        TMessage message,
        MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (_validators.Length == 0)
        {
            return next(message, cancellationToken);
        }

        var context = new ValidationContext<TMessage>(message);
        List<ValidationFailure>? failures = null;
        foreach (var validator in _validators)
        {
            foreach (var failure in validator.Validate(context).Errors)
            {
                if (failure is not null)
                {
                    (failures ??= []).Add(failure);
                }
            }
        }

        if (failures is not null)
        {
            var errors = failures
                .GroupBy(f => ToCamelCase(f.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray());
            throw new RequestValidationException(errors);
        }

        return next(message, cancellationToken);
    }

    private static string ToCamelCase(string name) =>
        string.IsNullOrEmpty(name) ? name : char.ToLowerInvariant(name[0]) + name[1..];
}

namespace Nlp.Identity.Tests;

/// <summary>Tests that redirect <see cref="Console.Out"/> run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console output";
}

using System.Reflection;

namespace Nlp.Architecture.Tests;

/// <summary>
/// Dependencies point inward (GUIDE.md section 1): Domain ← Application ← Infrastructure ← Api; Identity references no
/// other Nlp project. Read from the compiled assemblies' references, so a stray project reference fails here.
/// </summary>
public sealed class ProjectReferenceTests
{
    public static TheoryData<string, string[]> AllowedReferences => new()
    {
        { "Nlp.Domain", [] },
        { "Nlp.Application", ["Nlp.Domain"] },
        { "Nlp.Infrastructure", ["Nlp.Application", "Nlp.Domain"] },
        { "Nlp.Api", ["Nlp.Application", "Nlp.Domain", "Nlp.Infrastructure", "Nlp.Identity"] },
        { "Nlp.Identity", [] },
    };

    [Theory]
    [MemberData(nameof(AllowedReferences))]
    public void Assembly_references_only_inner_layers(string assemblyName, string[] allowed)
    {
        var assembly = Assembly.Load(assemblyName);

        var nlpReferences = assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("Nlp.", StringComparison.Ordinal))
            .ToArray();

        Assert.All(nlpReferences, r => Assert.Contains(r, allowed));
    }

    [Fact]
    public void Domain_uses_no_packages()
    {
        var references = Assembly.Load("Nlp.Domain").GetReferencedAssemblies().Select(a => a.Name!);

        Assert.All(references, r => Assert.True(r.StartsWith("System", StringComparison.Ordinal) || r == "netstandard", r));
    }

    [Fact]
    public void Application_does_not_depend_on_file_formats_or_the_web()
    {
        var references = Assembly.Load("Nlp.Application").GetReferencedAssemblies().Select(a => a.Name!).ToArray();

        Assert.DoesNotContain(references, r => r.StartsWith("PureHDF", StringComparison.Ordinal)
            || r.StartsWith("Razorvine", StringComparison.Ordinal)
            || r.StartsWith("YamlDotNet", StringComparison.Ordinal)
            || r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void The_layers_under_test_are_all_loaded()
    {
        // Guards the theory above: if a project were renamed, its row would silently test nothing.
        foreach (var name in new[] { "Nlp.Domain", "Nlp.Application", "Nlp.Infrastructure", "Nlp.Api", "Nlp.Identity" })
        {
            Assert.Equal(name, Assembly.Load(name).GetName().Name);
        }
    }
}

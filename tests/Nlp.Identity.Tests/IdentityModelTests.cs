using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Scaffolding;
using Microsoft.Extensions.DependencyInjection;
using Nlp.Identity.Data;
using Nlp.Identity.Data.CompiledModels.PostgreSql;
using Nlp.Identity.Data.CompiledModels.Sqlite;
using Nlp.Identity.Tests.Hosting;

namespace Nlp.Identity.Tests;

/// <summary>
/// The identity store's model: each context runs on its compiled model (the service's too), that model is what EF
/// generates from today's <c>OnModelCreating</c>, and the migrations cover the model. The service does not check the
/// last at start (IdentityStoreRegistration, ADR-011), so these tests are where a model change without a migration or
/// without regenerated compiled models fails.
/// </summary>
public sealed partial class IdentityModelTests
{
    public static TheoryData<string> Providers => ["Sqlite", "PostgreSql"];

    [Theory]
    [MemberData(nameof(Providers))]
    public void Each_context_runs_on_its_compiled_model(string provider)
    {
        using var context = CreateContext(provider);

        var expected = provider == "Sqlite" ? typeof(SqliteNlpIdentityDbContextModel) : typeof(PostgreSqlNlpIdentityDbContextModel);
        Assert.IsType(expected, context.Model);
    }

    [Fact]
    public async Task The_service_runs_its_context_on_the_compiled_model_without_the_start_time_model_check()
    {
        using var directory = new TestDirectory();
        await using var app = await KestrelApp.StartAsync(TestClients.Settings(directory.SqliteConnectionString));
        await using var scope = app.App.Services.CreateAsyncScope();

        var context = scope.ServiceProvider.GetRequiredService<NlpIdentityDbContext>();

        Assert.IsType<SqliteNlpIdentityDbContextModel>(context.Model);
        var warnings = context.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()!.WarningsConfiguration;
        Assert.Equal(WarningBehavior.Ignore, warnings.GetBehavior(RelationalEventId.PendingModelChangesWarning));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_migrations_cover_the_model(string provider)
    {
        using var context = CreateContext(provider);

        Assert.False(context.Database.HasPendingModelChanges(),
            $"The {provider} model has changes no migration holds: add one (src/Nlp.Identity/README.md).");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_compiled_model_is_what_EF_generates_from_the_model(string provider)
    {
        using var context = CreateContext(provider);
        var folder = Path.Combine(RepositoryRoot(), "src", "Nlp.Identity", "Data", "CompiledModels", provider);
        var options = new CompiledModelCodeGenerationOptions
        {
            ContextType = context.GetType(),
            ModelNamespace = "Nlp.Identity.Data.CompiledModels." + provider,
            Language = "C#",
        };

        var generated = Generate(context, options);

        var stale = $"The compiled {provider} model differs from what EF generates: regenerate it (src/Nlp.Identity/README.md).";
        Assert.True(generated.Select(f => f.Path).Order().SequenceEqual(Directory.GetFiles(folder, "*.cs").Select(Path.GetFileName).Order()), stale);
        foreach (var file in generated)
        {
            Assert.True(Normalized(file.Code) == Normalized(File.ReadAllText(Path.Combine(folder, file.Path))), $"{stale} ({file.Path})");
        }
    }

    private static NlpIdentityDbContext CreateContext(string provider) => provider == "Sqlite"
        ? new DesignTimeSqliteContextFactory().CreateDbContext([])
        : new DesignTimePostgreSqlContextFactory().CreateDbContext([]);

    /// <summary>
    /// The compiled model's files as <c>dotnet ef dbcontext optimize</c> writes them: EF's design-time services with the
    /// provider's own (found the way the tool finds them), over the context's design-time model.
    /// </summary>
    private static IReadOnlyCollection<ScaffoldedFile> Generate(DbContext context, CompiledModelCodeGenerationOptions options)
    {
        var services = new ServiceCollection().AddEntityFrameworkDesignTimeServices().AddDbContextDesignTimeServices(context);
        var providerAssembly = Assembly.Load(context.Database.ProviderName!);
        var attribute = providerAssembly.GetCustomAttribute<DesignTimeProviderServicesAttribute>()!;
        var designTime = (IDesignTimeServices)Activator.CreateInstance(providerAssembly.GetType(attribute.TypeName, throwOnError: true)!)!;
        designTime.ConfigureDesignTimeServices(services);
        using var provider = services.BuildServiceProvider();
        var generator = provider.GetRequiredService<ICompiledModelCodeGeneratorSelector>().Select(options);
        return generator.GenerateModel(context.GetService<IDesignTimeModel>().Model, options);
    }

    /// <summary>The text without its byte-order mark and line-ending style, and without the model id EF draws anew each time.</summary>
    private static string Normalized(string code) =>
        ModelId().Replace(code.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF').Trim(), "modelId: new Guid(\"…\")");

    [GeneratedRegex("""modelId: new Guid\("[0-9a-f-]{36}"\)""")]
    private static partial Regex ModelId();

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NlpInference.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("NlpInference.sln not found above the test directory.");
    }
}

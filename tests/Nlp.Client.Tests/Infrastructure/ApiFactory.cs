using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Nlp.Client.Tests.Infrastructure;

/// <summary>
/// The Api in-process (<see cref="WebApplicationFactory{TEntryPoint}"/>) serving a models root: by default a fresh
/// temporary folder holding one empty model folder <c>m1</c> (listed, never loadable).
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    /// <summary>The empty model folder of the temporary models root.</summary>
    public const string EmptyModel = "m1";

    private readonly string _temporaryRoot;

    public ApiFactory()
    {
        _temporaryRoot = Path.Combine(Path.GetTempPath(), "nlp-client-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_temporaryRoot, EmptyModel));
        ModelsPath = _temporaryRoot;
    }

    /// <summary>The models root the Api serves (set before the first client is created).</summary>
    public string ModelsPath { get; init; }

    /// <summary>The generated client, calling this in-process Api.</summary>
    public NlpInferenceClient CreateNlpClient() => new(CreateClient());

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.UseSetting("Models:Path", ModelsPath);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(_temporaryRoot))
        {
            Directory.Delete(_temporaryRoot, recursive: true);
        }
    }
}

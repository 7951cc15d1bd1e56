using System.Net;
using System.Text.RegularExpressions;
using Nlp.Identity.Tests.Hosting;

namespace Nlp.Identity.Tests;

[Collection(ConsoleCollection.Name)]
public sealed partial class GeneratedAdminPasswordTests
{
    [Fact]
    public async Task Without_a_configured_password_one_is_generated_printed_once_and_works()
    {
        using var directory = new TestDirectory();
        var settings = TestClients.Settings(directory.SqliteConnectionString);
        settings["Identity:Admin:Password"] = null;

        var firstOutput = await CaptureConsoleAsync(async () =>
        {
            await using var app = await KestrelApp.StartAsync(settings);
        });
        var printed = PrintedPassword().Match(firstOutput);
        Assert.True(printed.Success, $"no generated password was printed: {firstOutput}");

        var secondOutput = await CaptureConsoleAsync(async () =>
        {
            await using var app = await KestrelApp.StartAsync(settings);
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
            using var login = await new AdminSession(http).LoginAsync(TestClients.AdminUser, printed.Groups[1].Value);
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        });
        Assert.DoesNotMatch(PrintedPassword(), secondOutput);
    }

    private static async Task<string> CaptureConsoleAsync(Func<Task> action)
    {
        var original = Console.Out;
        using var writer = new StringWriter();
        Console.SetOut(TextWriter.Synchronized(writer));
        try
        {
            await action();
        }
        finally
        {
            Console.SetOut(original);
        }

        return writer.ToString();
    }

    [GeneratedRegex("generated the admin password for 'admin': (\\S+)")]
    private static partial Regex PrintedPassword();
}

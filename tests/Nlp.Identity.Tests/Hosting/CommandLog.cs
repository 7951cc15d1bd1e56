using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Nlp.Identity.Tests.Hosting;

/// <summary>Keeps the SQL of every command EF Core logs as executed (its <c>Database.Command</c> category at Information).</summary>
internal sealed class CommandLog : ILoggerProvider
{
    public const string Category = "Microsoft.EntityFrameworkCore.Database.Command";

    private readonly ConcurrentQueue<string> commands = new();

    public IReadOnlyCollection<string> Commands => commands;

    public ILogger CreateLogger(string categoryName) => categoryName == Category ? new Logger(commands) : NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> commands) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                commands.Enqueue(formatter(state, exception));
            }
        }
    }
}

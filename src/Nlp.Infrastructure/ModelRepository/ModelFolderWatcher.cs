using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>
/// Keeps the catalog in line with the models root while serving: file events (debounced) and a periodic scan as a
/// fallback trigger <see cref="ModelCatalog.SyncWithDiskAsync"/>. With eager loading the first sync loads every model.
/// </summary>
internal sealed partial class ModelFolderWatcher(
    ModelCatalog catalog,
    ModelsRoot root,
    IOptions<ModelsOptions> options,
    ILogger<ModelFolderWatcher> logger) : BackgroundService
{
    private readonly SemaphoreSlim _changed = new(0, int.MaxValue);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        await SyncAsync(stoppingToken);
        if (!settings.WatchForChanges)
        {
            return;
        }

        using var watcher = TryWatch();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await _changed.WaitAsync(settings.ScanInterval, stoppingToken))
                {
                    // Let a copy or a series of writes finish: wait until the folder has been quiet for the debounce time.
                    while (await _changed.WaitAsync(settings.ReloadDebounce, stoppingToken))
                    {
                    }
                }

                await SyncAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    private async Task SyncAsync(CancellationToken stoppingToken)
    {
        try
        {
            await catalog.SyncWithDiskAsync(stoppingToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogScanFailed(logger, e);
        }
    }

    private FileSystemWatcher? TryWatch()
    {
        try
        {
            var watcher = new FileSystemWatcher(root.FullPath)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            FileSystemEventHandler signal = (_, _) => _changed.Release();
            watcher.Changed += signal;
            watcher.Created += signal;
            watcher.Deleted += signal;
            watcher.Renamed += (_, _) => _changed.Release();
            watcher.Error += (_, e) => LogWatchFailed(logger, e.GetException());
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException)
        {
            LogWatchFailed(logger, e);
            return null;
        }
    }

    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching the models root failed; the periodic scan still picks up changes")]
    private static partial void LogWatchFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scanning the models root failed")]
    private static partial void LogScanFailed(ILogger logger, Exception error);
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Nlp.Application.Common.Exceptions;
using Nlp.Application.Common.Interfaces;
using Microsoft.Extensions.Logging;
using Nlp.Domain;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>
/// Loads each model once and keeps it: concurrent first requests share one load (a <see cref="Lazy{T}"/> per model).
/// A failed load is remembered, so a broken folder costs one load, not one per request, and is tried again once its
/// files change or <see cref="ModelsOptions.FailedLoadRetryAfter"/> has passed. The hot path is one dictionary lookup.
/// </summary>
internal sealed partial class CachingModelRepository(
    ModelsRoot root,
    IModelLoader loader,
    IOptions<ModelsOptions> options,
    TimeProvider clock,
    ILogger<CachingModelRepository> logger) : IModelRepository
{
    private readonly ConcurrentDictionary<string, CacheEntry> _entries = new(StringComparer.Ordinal);

    public ValueTask<ITextClassifier> GetAsync(ModelIdentifier identifier, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue(identifier.Value, out var cached) && cached.IsUsable(clock, options.Value.FailedLoadRetryAfter))
        {
            return cached.Model.IsValueCreated && !cached.Failed
                ? ValueTask.FromResult(cached.Model.Value)
                : new ValueTask<ITextClassifier>(cached.AwaitAsync(cancellationToken));
        }

        var folder = root.FindFolder(identifier) ?? throw new ModelNotFoundException(identifier.Value);
        var fresh = new CacheEntry(identifier, folder, loader, clock, this);
        var entry = _entries.AddOrUpdate(
            identifier.Value,
            fresh,
            (_, existing) => existing.IsUsable(clock, options.Value.FailedLoadRetryAfter) ? existing : fresh);
        return new ValueTask<ITextClassifier>(entry.AwaitAsync(cancellationToken));
    }

    private void OnLoaded(ModelIdentifier identifier, TimeSpan elapsed) => LogLoaded(logger, identifier.Value, elapsed.TotalMilliseconds);

    private void OnFailed(ModelIdentifier identifier, Exception exception) => LogLoadFailed(logger, exception, identifier.Value);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded model {Model} in {ElapsedMs:F1} ms")]
    private static partial void LogLoaded(ILogger logger, string model, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model {Model} cannot be loaded")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception, string model);

    /// <summary>One model's load: run once, shared by every waiter; remembers when and on which files it failed.</summary>
    private sealed class CacheEntry
    {
        private readonly string _folder;
        private string _fingerprintAtFailure = string.Empty;
        private DateTimeOffset _failedAt;

        public CacheEntry(ModelIdentifier identifier, string folder, IModelLoader loader, TimeProvider clock, CachingModelRepository owner)
        {
            _folder = folder;
            Model = new Lazy<ITextClassifier>(
                () =>
                {
                    var started = clock.GetTimestamp();
                    try
                    {
                        var model = loader.Load(identifier, folder, CancellationToken.None);
                        owner.OnLoaded(identifier, clock.GetElapsedTime(started));
                        return model;
                    }
                    catch (Exception e)
                    {
                        _fingerprintAtFailure = FolderFingerprint.Of(folder);
                        _failedAt = clock.GetUtcNow();
                        Failed = true;
                        owner.OnFailed(identifier, e);
                        throw;
                    }
                },
                LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public Lazy<ITextClassifier> Model { get; }

        public bool Failed { get; private set; }

        public bool IsUsable(TimeProvider clock, TimeSpan retryAfter) =>
            !Failed
            || (clock.GetUtcNow() - _failedAt < retryAfter && FolderFingerprint.Of(_folder) == _fingerprintAtFailure);

        /// <summary>Runs (or joins) the load off the request thread; a waiter may give up without cancelling the load.</summary>
        public Task<ITextClassifier> AwaitAsync(CancellationToken cancellationToken) =>
            Task.Run(() => Model.Value, CancellationToken.None).WaitAsync(cancellationToken);
    }
}

using Nlp.Application.Common.Exceptions;
using Nlp.Application.Common.Interfaces;
using Nlp.Application.Models;
using Nlp.Domain;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>
/// One model folder in the catalog. The serving version is swapped atomically (one reference write); a new version
/// is loaded beside it and replaces it only when it loaded and passed its checks. One load runs at a time: concurrent
/// first requests join it. The hot path reads <see cref="Current"/> without a lock.
/// </summary>
internal sealed class ModelSlot(ModelIdentifier identifier, string folder, IModelLoader loader, TimeProvider clock, ModelLoadEvents events)
{
    private readonly Lock _gate = new();
    private volatile LoadedModel? _current;
    private volatile LoadFailure? _failure;
    private Task<LoadedModel>? _loading;

    public ModelIdentifier Identifier { get; } = identifier;

    public string Folder { get; } = folder;

    public LoadedModel? Current => _current;

    /// <summary>The serving version, loading it first if there is none.</summary>
    public Task<LoadedModel> GetOrLoadAsync(TimeSpan failedLoadRetryAfter, CancellationToken cancellationToken)
    {
        if (_current is { } current)
        {
            return Task.FromResult(current);
        }

        lock (_gate)
        {
            if (_failure is { } failure && _loading is null
                && clock.GetUtcNow() - failure.At < failedLoadRetryAfter
                && FolderFingerprint.Of(Folder) == failure.Fingerprint)
            {
                return Task.FromException<LoadedModel>(failure.Rethrowable());
            }

            return StartOrJoinLoad().WaitAsync(cancellationToken);
        }
    }

    /// <summary>Loads the folder's current files (joining a running load) and swaps them in if they load.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        Task<LoadedModel> load;
        lock (_gate)
        {
            load = StartOrJoinLoad();
        }

        try
        {
            await load.WaitAsync(cancellationToken);
        }
        catch (ModelLoadException)
        {
            // Recorded in _failure; the previous version (if any) keeps serving.
        }
    }

    /// <summary>
    /// True when the files differ from those of the last load attempt: the failed one when the last attempt failed
    /// (so a broken file is tried once, not on every scan, while an older version keeps serving), else the serving one.
    /// </summary>
    public bool HasChangedOnDisk()
    {
        var known = _failure?.Fingerprint ?? _current?.Fingerprint;
        return known is not null && FolderFingerprint.Of(Folder) != known;
    }

    public ModelStatus Status()
    {
        var current = _current;
        var failure = _failure;
        bool loading;
        lock (_gate)
        {
            loading = _loading is not null;
        }

        var state = current is not null ? ModelState.Available
            : loading ? ModelState.Loading
            : failure is not null ? ModelState.Failed
            : ModelState.NotLoaded;
        return new ModelStatus(Identifier.Value, state, current?.Model.Details, current?.LoadedAt,
            failure?.Error.Message, failure?.At, current?.Version ?? 0);
    }

    private Task<LoadedModel> StartOrJoinLoad() => _loading ??= Task.Run(Load);

    private LoadedModel Load()
    {
        var fingerprint = FolderFingerprint.Of(Folder);
        var started = clock.GetTimestamp();
        try
        {
            var model = loader.Load(Identifier, Folder, CancellationToken.None);
            var loaded = new LoadedModel(model, fingerprint, clock.GetUtcNow(), (_current?.Version ?? 0) + 1);
            _current = loaded;
            _failure = null;
            events.Loaded(Identifier, clock.GetElapsedTime(started), loaded.Version, model.Details.Warnings);
            return loaded;
        }
        catch (Exception e)
        {
            var error = e as ModelLoadException
                ?? new ModelLoadException(Identifier.Value, null, $"unexpected {e.GetType().Name} while loading.", e);
            _failure = new LoadFailure(error, fingerprint, clock.GetUtcNow());
            events.Failed(Identifier, clock.GetElapsedTime(started), error, stillServing: _current is not null);
            throw error;
        }
        finally
        {
            lock (_gate)
            {
                _loading = null;
            }
        }
    }
}

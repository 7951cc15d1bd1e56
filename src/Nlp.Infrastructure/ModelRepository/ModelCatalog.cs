using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Nlp.Application.Common.Exceptions;
using Nlp.Application.Common.Interfaces;
using Nlp.Application.Models;
using Nlp.Domain;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>
/// Every model folder under the models root, each a <see cref="ModelSlot"/>. Serves models (loading on first use),
/// lists them, and reconciles with the disk: new versions are loaded beside the serving ones and swapped atomically,
/// deleted folders stop being served. The prediction hot path is one dictionary lookup and one field read.
/// </summary>
internal sealed class ModelCatalog(
    ModelsRoot root,
    IModelLoader loader,
    IOptions<ModelsOptions> options,
    TimeProvider clock,
    ModelLoadEvents events) : IModelRepository, IModelCatalog
{
    private readonly ConcurrentDictionary<string, ModelSlot> _slots = CreateSlots(events);

    public async ValueTask<ITextClassifier> GetAsync(ModelIdentifier identifier, CancellationToken cancellationToken)
    {
        if (_slots.TryGetValue(identifier.Value, out var known) && known.Current is { } serving)
        {
            return serving.Model;
        }

        var slot = SlotFor(identifier) ?? throw new ModelNotFoundException(identifier.Value);
        var loaded = await slot.GetOrLoadAsync(options.Value.FailedLoadRetryAfter, cancellationToken);
        return loaded.Model;
    }

    public IReadOnlyList<ModelStatus> List()
    {
        Reconcile();
        return [.. _slots.Values.OrderBy(s => s.Identifier.Value, StringComparer.Ordinal).Select(s => s.Status())];
    }

    public ModelStatus Get(ModelIdentifier identifier) =>
        (SlotFor(identifier) ?? throw new ModelNotFoundException(identifier.Value)).Status();

    public async Task<IReadOnlyList<ModelStatus>> ReloadAsync(ModelIdentifier? identifier, CancellationToken cancellationToken)
    {
        Reconcile();
        var slots = identifier is { } one
            ? [SlotFor(one) ?? throw new ModelNotFoundException(one.Value)]
            : _slots.Values.ToArray();
        await Task.WhenAll(slots.Select(s => s.ReloadAsync(cancellationToken)));
        return [.. slots.Select(s => s.Status())];
    }

    /// <summary>
    /// Brings the catalog in line with the disk: drops folders that vanished, adds new ones, and reloads folders whose
    /// files changed (or, with eager loading, that never loaded). Called by the watcher and the periodic scan.
    /// </summary>
    public async Task SyncWithDiskAsync(CancellationToken cancellationToken)
    {
        Reconcile();
        var eager = options.Value.EagerLoad;
        var due = _slots.Values.Where(s => s.HasChangedOnDisk() || (eager && s.Current is null)).ToArray();
        await Task.WhenAll(due.Select(s => s.ReloadAsync(cancellationToken)));
    }

    /// <summary>True when every folder has a serving version (the readiness condition under eager loading).</summary>
    public bool AllAvailable(out IReadOnlyList<ModelStatus> notReady)
    {
        notReady = [.. List().Where(s => s.State != ModelState.Available)];
        return notReady.Count == 0;
    }

    private static ConcurrentDictionary<string, ModelSlot> CreateSlots(ModelLoadEvents events)
    {
        var slots = new ConcurrentDictionary<string, ModelSlot>(StringComparer.Ordinal);
        events.ObserveLoadedModels(() => slots.Values.Count(s => s.Current is not null));
        return slots;
    }

    private ModelSlot? SlotFor(ModelIdentifier identifier)
    {
        if (_slots.TryGetValue(identifier.Value, out var slot))
        {
            return slot;
        }

        var folder = root.FindFolder(identifier);
        return folder is null ? null : _slots.GetOrAdd(identifier.Value, _ => new ModelSlot(identifier, folder, loader, clock, events));
    }

    private void Reconcile()
    {
        var onDisk = root.ListIdentifiers().ToHashSet();
        foreach (var name in _slots.Keys.Where(k => !onDisk.Contains(ModelIdentifier.Parse(k))))
        {
            _slots.TryRemove(name, out _);
        }

        foreach (var identifier in onDisk)
        {
            SlotFor(identifier);
        }
    }
}

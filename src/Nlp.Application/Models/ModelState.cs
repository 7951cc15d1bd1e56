using System.Text.Json.Serialization;

namespace Nlp.Application.Models;

/// <summary>Where a model folder stands in the catalog (written as its name on the wire).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModelState>))]
public enum ModelState
{
    /// <summary>The folder exists but has not been loaded yet (models load on first use unless eager loading is on).</summary>
    NotLoaded,

    /// <summary>A load is running.</summary>
    Loading,

    /// <summary>Loaded and serving.</summary>
    Available,

    /// <summary>The last load failed; if an older version was loaded, it keeps serving.</summary>
    Failed,
}

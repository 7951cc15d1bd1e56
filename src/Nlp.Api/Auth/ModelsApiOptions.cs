namespace Nlp.Api.Auth;

/// <summary>Who may use the models API (configuration section <c>ModelsApi</c>).</summary>
internal sealed class ModelsApiOptions
{
    public const string SectionName = "ModelsApi";

    /// <summary>Require the same bearer token as <c>/auth/*</c> on <c>/v1/models</c> (list, details, reload).</summary>
    public bool RequireAuth { get; set; }
}

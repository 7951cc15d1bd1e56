namespace Nlp.Identity.Validation;

/// <summary>
/// What bounds the reuse of the ticket OpenIddict's validation gave a header token (<see cref="AuthenticatedTokenCache"/>):
/// in Embedded mode <see cref="TokenEntryReuse"/> (ADR-014), in External mode <see cref="IntrospectionTokenReuse"/>
/// (ADR-015). The cache never keeps a ticket past the token's own expiry, whatever this says.
/// </summary>
internal interface ITokenReuse
{
    /// <summary>Whether tickets are kept at all.</summary>
    bool Enabled { get; }

    /// <summary>Changes whenever this process makes a revocation: a ticket kept under an older value is stale.</summary>
    long Generation { get; }

    /// <summary>How long from now the ticket just given to <paramref name="token"/> may answer for it (zero: not at all).</summary>
    TimeSpan KeepFor(string token);
}

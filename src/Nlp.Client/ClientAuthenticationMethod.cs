namespace Nlp.Client;

/// <summary>How the client id and secret reach the token endpoint (RFC 6749 section 2.3.1).</summary>
public enum ClientAuthenticationMethod
{
    /// <summary><c>client_secret_basic</c>: an <c>Authorization: Basic</c> header (the default, and what RFC 6749 prefers).</summary>
    ClientSecretBasic,

    /// <summary><c>client_secret_post</c>: <c>client_id</c> and <c>client_secret</c> in the form body.</summary>
    ClientSecretPost,
}

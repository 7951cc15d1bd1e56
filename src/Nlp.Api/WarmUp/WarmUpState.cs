using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace Nlp.Api.WarmUp;

/// <summary>
/// Whether the warm-up is over (readiness waits for it), what it did, and the secret its requests carry in
/// <see cref="HeaderName"/>: a random value of this process, honoured only until the warm-up ends, so no caller can
/// mark its own requests as warm-up to keep them out of the request metrics.
/// </summary>
internal sealed class WarmUpState
{
    public const string HeaderName = "X-Nlp-Warm-Up";

    private readonly byte[] _secret = Encoding.ASCII.GetBytes(Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
    private volatile bool _finished;

    public string Secret => Encoding.ASCII.GetString(_secret);

    public bool Finished => _finished;

    /// <summary>What the warm-up did, once <see cref="Finished"/>.</summary>
    public string? Summary { get; private set; }

    /// <summary>Whether a request carrying <paramref name="header"/> is one of this process's warm-up requests.</summary>
    public bool IsWarmUpRequest(StringValues header)
    {
        if (_finished || header.Count != 1 || header[0] is not { Length: > 0 } value || value.Length != _secret.Length)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[value.Length];
        return Encoding.ASCII.GetBytes(value, given) == given.Length && CryptographicOperations.FixedTimeEquals(given, _secret);
    }

    public void Finish(string summary)
    {
        Summary = summary;
        _finished = true;
    }
}

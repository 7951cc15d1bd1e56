using System.Net;

namespace Nlp.Api.WarmUp;

/// <summary>Where the service reaches itself: its first plain-HTTP listening address, with a wildcard host made loopback.</summary>
internal static class WarmUpTarget
{
    /// <summary>
    /// The base address for <paramref name="addresses"/> as Kestrel reports them once listening (<c>http://+:8080</c>,
    /// <c>http://[::]:8080</c>, <c>http://localhost:5000</c>, <c>http://10.0.0.5:8080</c>), or null when none is
    /// plain HTTP on TCP (HTTPS only, a Unix socket).
    /// </summary>
    public static Uri? From(IEnumerable<string>? addresses)
    {
        foreach (var address in addresses ?? [])
        {
            BindingAddress binding;
            try
            {
                binding = BindingAddress.Parse(address);
            }
            catch (FormatException)
            {
                continue;
            }

            if (!string.Equals(binding.Scheme, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase) || binding.IsNamedPipe
                || binding.IsUnixPipe || binding.Port <= 0)
            {
                continue;
            }

            // Kestrel listens on IPv6's any-address in dual mode, so IPv4's loopback reaches it too, also where a
            // container has no IPv6 loopback.
            var host = binding.Host switch
            {
                "+" or "*" or "0.0.0.0" or "localhost" or "[::]" or "::" => "127.0.0.1",
                var given when IPAddress.TryParse(given.Trim('[', ']'), out var ip) && ip.Equals(IPAddress.IPv6Any) => "127.0.0.1",
                var given => given,
            };
            return new Uri($"http://{host}:{binding.Port}/");
        }

        return null;
    }
}

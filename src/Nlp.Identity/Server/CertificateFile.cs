using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Nlp.Identity.Configuration;

namespace Nlp.Identity.Server;

/// <summary>Loads a configured PKCS#12 certificate, failing with a message that names the setting.</summary>
internal static class CertificateFile
{
    public static X509Certificate2 Load(CertificateOptions certificate, string settingName, string contentRoot)
    {
        var path = Path.GetFullPath(Path.Combine(contentRoot, certificate.Path!));
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"{settingName}:Path points to '{certificate.Path}', which does not exist. " +
                $"Provide the PKCS#12 (.pfx) file or remove {settingName} to use generated keys.");
        }

        X509Certificate2 loaded;
        try
        {
            loaded = X509CertificateLoader.LoadPkcs12FromFile(
                path, certificate.Password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException exception)
        {
            throw new InvalidOperationException(
                $"{settingName}:Path '{certificate.Path}' could not be read as PKCS#12 ({exception.Message}); check {settingName}:Password.",
                exception);
        }

        if (!loaded.HasPrivateKey || loaded.GetRSAPrivateKey() is null)
        {
            loaded.Dispose();
            throw new InvalidOperationException($"{settingName}:Path '{certificate.Path}' has no RSA private key.");
        }

        return loaded;
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace PiToolkit.SecureInference.Transport;

/// <summary>
/// Reads and writes certificates as PKCS#12 (<c>.pfx</c>/<c>.p12</c>) or PEM with the framework's
/// loaders. Files holding a private key are written owner-only and atomically (a temporary file in
/// the same folder, then a rename), and never replace an existing file unless asked to.
/// </summary>
public static class CertificateFiles
{
    /// <summary>
    /// Loads a certificate with its private key: a PKCS#12 file, or a PEM certificate whose key is in
    /// the same file or in <paramref name="keyPath"/>.
    /// </summary>
    /// <param name="path">The <c>.pfx</c>/<c>.p12</c> or PEM file.</param>
    /// <param name="keyPath">For PEM: the key file, when not in <paramref name="path"/>.</param>
    /// <param name="password">The PKCS#12 password or the PEM key's encryption password, if any.</param>
    /// <exception cref="CertificateFileException">The file is missing, unreadable, of another format or password, or has no private key.</exception>
    public static X509Certificate2 LoadWithPrivateKey(string path, string? keyPath = null, string? password = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var certificate = Load(path, keyPath, password, needKey: true);
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new CertificateFileException($"{path} holds a certificate without its private key; give the PFX, or the key with --tls-key.");
        }
        return certificate;
    }

    /// <summary>Loads a certificate without requiring its key (an authority, or a peer's certificate to take a fingerprint of): PEM, DER or PKCS#12.</summary>
    /// <exception cref="CertificateFileException">The file is missing, unreadable or not a certificate.</exception>
    public static X509Certificate2 LoadPublic(string path, string? password = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Load(path, null, password, needKey: false);
    }

    /// <summary>
    /// Writes <paramref name="certificate"/> with its private key as PKCS#12 (no password: the file is
    /// created owner-only instead, as SSH keys are; protect it with <paramref name="password"/> if it travels).
    /// </summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, or it cannot be written.</exception>
    public static void WritePfx(X509Certificate2 certificate, string path, bool overwrite, string? password = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey) throw new ArgumentException("The certificate has no private key to export.", nameof(certificate));
        byte[] pfx = certificate.Export(X509ContentType.Pkcs12, password);
        try
        {
            AtomicFile.Write(path, pfx, overwrite, ownerOnly: true);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pfx);
        }
    }

    /// <summary>Writes the certificate alone as PEM (public: clients may copy it to trust it as an authority).</summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, or it cannot be written.</exception>
    public static void WriteCertificatePem(X509Certificate2 certificate, string path, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        AtomicFile.Write(path, Encoding.ASCII.GetBytes(certificate.ExportCertificatePem() + "\n"), overwrite, ownerOnly: false);
    }

    /// <summary>Writes the private key alone as unencrypted PKCS#8 PEM, owner-only.</summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, or it cannot be written.</exception>
    public static void WriteKeyPem(X509Certificate2 certificate, string path, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var key = certificate.GetECDsaPrivateKey() as AsymmetricAlgorithm ?? certificate.GetRSAPrivateKey()
            ?? throw new ArgumentException("The certificate has no ECDSA or RSA private key to export.", nameof(certificate));
        char[] pem = PemEncoding.Write("PRIVATE KEY", key.ExportPkcs8PrivateKey());
        byte[] bytes = Encoding.ASCII.GetBytes(pem);
        try
        {
            AtomicFile.Write(path, bytes, overwrite, ownerOnly: true);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
            Array.Clear(pem);
        }
    }

    private static X509Certificate2 Load(string path, string? keyPath, string? password, bool needKey)
    {
        if (!File.Exists(path)) throw new CertificateFileException($"Certificate file {path} not found.");
        if (keyPath is not null && !File.Exists(keyPath)) throw new CertificateFileException($"Key file {keyPath} not found.");
        try
        {
            var format = X509Certificate2.GetCertContentType(path);
            if (format == X509ContentType.Pkcs12)
            {
                return X509CertificateLoader.LoadPkcs12FromFile(path, password);
            }
            if (!needKey || format == X509ContentType.Cert && !LooksLikePem(path))
            {
                return X509CertificateLoader.LoadCertificateFromFile(path);
            }
            string key = keyPath ?? path;
            return password is null ? X509Certificate2.CreateFromPemFile(path, key) : X509Certificate2.CreateFromEncryptedPemFile(path, password, key);
        }
        catch (CryptographicException e)
        {
            throw new CertificateFileException($"Cannot load the certificate in {path}{(keyPath is null ? "" : $" with key {keyPath}")}: {e.Message.TrimEnd('.')} (wrong password, or not PKCS#12/PEM?).", e);
        }
        catch (ArgumentException e)
        {
            throw new CertificateFileException($"Cannot load the certificate in {path}: {e.Message.TrimEnd('.')}.", e);
        }
    }

    private static bool LooksLikePem(string path)
    {
        Span<byte> head = stackalloc byte[64];
        using var stream = File.OpenRead(path);
        int n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return head[..n].IndexOf("-----BEGIN"u8) >= 0;
    }
}

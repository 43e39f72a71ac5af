using System.Security.Cryptography.X509Certificates;

namespace PiToolkit.SecureInference.Transport;

/// <summary>
/// The client side of TLS: how the server is recognised (exactly one of a pinned fingerprint or a
/// trusted authority; there is deliberately no "trust anything" mode) and, optionally, the client's
/// own certificate for servers that authenticate clients.
/// </summary>
public sealed class TlsClientOptions
{
    private TlsClientOptions(CertificateFingerprint? pin, X509Certificate2? authority)
    {
        PinnedServer = pin;
        TrustedAuthority = authority;
    }

    /// <summary>Accepts exactly the server certificate with <paramref name="fingerprint"/>, whatever its name or issuer.</summary>
    public static TlsClientOptions Pinned(CertificateFingerprint fingerprint) => new(fingerprint, null);

    /// <summary>Accepts a server certificate that chains to <paramref name="authority"/> (alone, not the machine's store) and names the host connected to.</summary>
    public static TlsClientOptions TrustingAuthority(X509Certificate2 authority)
    {
        ArgumentNullException.ThrowIfNull(authority);
        return new(null, authority);
    }

    /// <summary>The pinned server fingerprint, in pinning mode.</summary>
    public CertificateFingerprint? PinnedServer { get; }

    /// <summary>The trusted authority, in authority mode.</summary>
    public X509Certificate2? TrustedAuthority { get; }

    /// <summary>The client's certificate with its private key, sent when the server asks for one.</summary>
    public X509Certificate2? ClientCertificate { get; private init; }

    /// <summary>The same server recognition, presenting <paramref name="certificate"/> to servers that authenticate clients.</summary>
    /// <exception cref="ArgumentException">The certificate has no private key.</exception>
    public TlsClientOptions WithClientCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("The client certificate has no private key.", nameof(certificate));
        }
        return new TlsClientOptions(PinnedServer, TrustedAuthority) { ClientCertificate = certificate };
    }

    /// <summary>Judges the server's certificate; returns null when it is accepted, else the failure and a reason.</summary>
    internal TransportSecurityFailure? Check(X509Certificate? certificate, bool nameMismatch, out string reason)
    {
        reason = "";
        if (certificate is null)
        {
            reason = "the server presented no certificate";
            return TransportSecurityFailure.UntrustedCertificate;
        }
        var actual = CertificateFingerprint.Of(certificate);
        if (PinnedServer is { } pin)
        {
            if (actual == pin) return null;
            reason = $"the server's certificate fingerprint {actual} does not match the pinned {pin}";
            return TransportSecurityFailure.PinMismatch;
        }
        if (!TlsServerOptions.ChainsTo(certificate, TrustedAuthority!, TlsServerOptions.ServerAuthenticationOid, out var status))
        {
            reason = $"the server's certificate {actual.ToShortString()} is not trusted by the given authority: {status}";
            return TransportSecurityFailure.UntrustedCertificate;
        }
        if (nameMismatch)
        {
            reason = $"the server's certificate {actual.ToShortString()} does not name the host connected to";
            return TransportSecurityFailure.NameMismatch;
        }
        return null;
    }
}

using System.Security.Cryptography.X509Certificates;

namespace PiToolkit.SecureInference.Transport;

/// <summary>
/// The server side of TLS: its certificate (with private key) and, optionally, who may connect:
/// an allow-list of client certificate fingerprints and/or an authority whose certificates are accepted.
/// With neither, any client may connect (the protocol still keeps the model private; the list
/// decides who may spend the server's time).
/// </summary>
public sealed class TlsServerOptions
{
    /// <summary>Serves with <paramref name="certificate"/>.</summary>
    /// <exception cref="ArgumentException">The certificate carries no private key.</exception>
    public TlsServerOptions(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("The server certificate has no private key; load the PFX, or the PEM certificate together with its key.", nameof(certificate));
        }
        Certificate = certificate;
    }

    /// <summary>The certificate presented to clients; its fingerprint is what they pin.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Client certificates accepted by fingerprint (exact certificates, no authority needed).</summary>
    public IReadOnlySet<CertificateFingerprint> AllowedClients { get; init; } = new HashSet<CertificateFingerprint>();

    /// <summary>An authority whose (unexpired) certificates are accepted as clients.</summary>
    public X509Certificate2? ClientAuthority { get; init; }

    /// <summary>Whether clients must present a certificate: true once an allow-list or an authority is given.</summary>
    public bool RequiresClientCertificate => AllowedClients.Count > 0 || ClientAuthority is not null;

    /// <summary>
    /// Decides whether a client that proved possession of <paramref name="clientCertificate"/> (TLS
    /// checks the key; this checks the identity) may connect; <paramref name="reason"/> says why not.
    /// </summary>
    internal TransportSecurityFailure? Authorize(X509Certificate? clientCertificate, out string reason)
    {
        reason = "";
        if (!RequiresClientCertificate) return null;
        if (clientCertificate is null)
        {
            reason = "client authentication is required and the client offered no certificate";
            return TransportSecurityFailure.ClientCertificateMissing;
        }
        var fingerprint = CertificateFingerprint.Of(clientCertificate);
        if (AllowedClients.Contains(fingerprint)) return null;
        string status = "";
        if (ClientAuthority is not null && ChainsTo(clientCertificate, ClientAuthority, ClientAuthenticationOid, out status)) return null;
        reason = ClientAuthority is null
            ? $"client certificate {fingerprint.ToShortString()} is not on the allow-list"
            : $"client certificate {fingerprint.ToShortString()} is not on the allow-list and not accepted by the client authority ({status})";
        return TransportSecurityFailure.ClientNotAuthorized;
    }

    /// <summary>Extended key usage "TLS client authentication".</summary>
    internal const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>Extended key usage "TLS server authentication".</summary>
    internal const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>
    /// Builds a chain from <paramref name="certificate"/> to <paramref name="authority"/> alone,
    /// ignoring the machine's trust store, and requires the usage <paramref name="purpose"/> (where
    /// the certificates restrict usage at all), so that an authority's server certificate cannot
    /// pass as a client and the other way round.
    /// </summary>
    internal static bool ChainsTo(X509Certificate certificate, X509Certificate2 authority, string purpose, out string status)
    {
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(purpose));
        // Revocation would need the network; the operator controls the authority and can rotate it.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        bool ok = chain.Build(leaf);
        status = ok ? "valid" : string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).DefaultIfEmpty("chain does not validate"));
        return ok;
    }
}

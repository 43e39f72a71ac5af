using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PiToolkit.SecureInference.Transport;

/// <summary>
/// Creates self-signed server (or client) certificates with the framework's
/// <see cref="CertificateRequest"/>: an ECDSA P-256 key signed with SHA-256, valid for TLS server and
/// client authentication. Clients pin its <see cref="CertificateFingerprint"/>; no authority is involved.
/// </summary>
public static class SelfSignedCertificate
{
    /// <summary>Default lifetime: one year, so that a forgotten demo certificate does not live forever.</summary>
    public const int DefaultDays = 365;

    /// <summary>The longest lifetime accepted (about 10 years).</summary>
    public const int MaxDays = 3650;

    /// <summary>
    /// Creates a certificate for <paramref name="name"/> (its common name and a DNS or IP subject
    /// alternative name; <c>localhost</c>, 127.0.0.1 and ::1 are always included so loopback demos also
    /// work in authority mode).
    /// </summary>
    /// <param name="name">The host name (or address) clients connect to.</param>
    /// <param name="days">Validity in days from now (1 to <see cref="MaxDays"/>).</param>
    /// <returns>The certificate with its private key.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or contains characters not allowed in a host name.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="days"/> is out of range.</exception>
    public static X509Certificate2 Create(string name, int days = DefaultDays)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, MaxDays);
        bool isAddress = IPAddress.TryParse(name, out var address);
        if (!isAddress && Uri.CheckHostName(name) != UriHostNameType.Dns)
        {
            throw new ArgumentException($"'{name}' is not a host name or an IP address.", nameof(name));
        }
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(name);
        subject.AddOrganizationName("PiToolkit");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication"), new Oid("1.3.6.1.5.5.7.3.2", "Client Authentication")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var names = new SubjectAlternativeNameBuilder();
        if (isAddress) names.AddIpAddress(address!);
        else names.AddDnsName(name);
        if (name != "localhost") names.AddDnsName("localhost");
        if (!IPAddress.Loopback.Equals(address)) names.AddIpAddress(IPAddress.Loopback);
        if (!IPAddress.IPv6Loopback.Equals(address)) names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        // Backdated a little so that a peer whose clock runs slightly behind accepts it at once.
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        return request.CreateSelfSigned(notBefore, notBefore.AddDays(days).AddMinutes(5));
    }
}

using System.Security.Cryptography.X509Certificates;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Tests.Transport;

/// <summary>Certificates made once per test run with the toolkit's own generator.</summary>
internal static class TestCertificates
{
    private static readonly Lazy<X509Certificate2> LazyServer = new(() => SelfSignedCertificate.Create("localhost", 2));
    private static readonly Lazy<X509Certificate2> LazyOther = new(() => SelfSignedCertificate.Create("impostor.example", 2));
    private static readonly Lazy<X509Certificate2> LazyClient = new(() => SelfSignedCertificate.Create("client-a", 2));
    private static readonly Lazy<X509Certificate2> LazyStranger = new(() => SelfSignedCertificate.Create("client-b", 2));

    public static X509Certificate2 Server => LazyServer.Value;

    /// <summary>A second server certificate: what a man in the middle would present.</summary>
    public static X509Certificate2 Impostor => LazyOther.Value;

    public static X509Certificate2 Client => LazyClient.Value;

    /// <summary>A client certificate that no server in the tests allows.</summary>
    public static X509Certificate2 Stranger => LazyStranger.Value;

    public static CertificateFingerprint ServerPin => CertificateFingerprint.Of(Server);
}

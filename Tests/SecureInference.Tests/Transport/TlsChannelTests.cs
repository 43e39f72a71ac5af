using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Tests.Transport;

/// <summary>TLS over loopback with certificates from <see cref="SelfSignedCertificate"/>; every test ends within seconds.</summary>
public class TlsChannelTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    /// <summary>Runs both handshakes; returns the server's and the client's outcome (channel or exception).</summary>
    private static async Task<(Task<TlsChannel> Server, Task<TlsChannel> Client)> Handshake(TlsServerOptions server, TlsClientOptions client, string? targetHost = null)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            using var timeout = new CancellationTokenSource(Bound);
            var accept = TlsChannel.AcceptAsync(listener, server, timeout.Token);
            var connect = TlsChannel.ConnectAsync((IPEndPoint)listener.LocalEndpoint, client, targetHost, timeout.Token);
            await Task.WhenAll(Task.WhenAny(accept), Task.WhenAny(connect)).WaitAsync(Bound);
            return (accept, connect);
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>
    /// A client checks the server's certificate after the handshake has completed on the server's
    /// side (TLS 1.3 and .NET's post-handshake validation), so the server learns of the refusal either
    /// in its handshake or at its first read; either way no application byte arrives.
    /// </summary>
    private static async Task ServerSeesTheConnectionEnd(Task<TlsChannel> server)
    {
        await Assert.ThrowsAnyAsync<IOException>(async () =>
        {
            using var channel = await server;
            channel.ReceiveFrame();
        });
    }

    [Fact]
    public async Task A_pinned_connection_carries_frames_and_counts_application_bytes()
    {
        var (serverTask, clientTask) = await Handshake(new TlsServerOptions(TestCertificates.Server), TlsClientOptions.Pinned(TestCertificates.ServerPin));
        using var server = await serverTask;
        using var client = await clientTask;
        Assert.True(client.Protocol is SslProtocols.Tls12 or SslProtocols.Tls13);
        Assert.Equal(TestCertificates.ServerPin, client.RemoteFingerprint);
        Assert.Null(server.RemoteFingerprint);
        var payload = new byte[100_000];
        new Random(2).NextBytes(payload);
        client.SendFrame(payload);
        client.Flush();
        Assert.Equal(payload, server.ReceiveFrame());
        Assert.Equal(payload.Length + 4, client.BytesSent);
        Assert.Equal(client.BytesSent, server.BytesReceived);
    }

    [Fact]
    public async Task A_client_pinning_another_fingerprint_refuses_the_server_during_the_handshake()
    {
        var (serverTask, clientTask) = await Handshake(new TlsServerOptions(TestCertificates.Impostor), TlsClientOptions.Pinned(TestCertificates.ServerPin));
        var refused = await Assert.ThrowsAsync<TransportSecurityException>(() => clientTask);
        Assert.Equal(TransportSecurityFailure.PinMismatch, refused.Failure);
        Assert.Contains(CertificateFingerprint.Of(TestCertificates.Impostor).ToString(), refused.Message);
        await ServerSeesTheConnectionEnd(serverTask);
    }

    [Fact]
    public async Task In_authority_mode_the_certificate_must_chain_to_the_authority_and_name_the_host()
    {
        var server = new TlsServerOptions(TestCertificates.Server);
        var (s1, c1) = await Handshake(server, TlsClientOptions.TrustingAuthority(TestCertificates.Server), "localhost");
        (await s1).Dispose();
        (await c1).Dispose();

        var (s2, c2) = await Handshake(server, TlsClientOptions.TrustingAuthority(TestCertificates.Impostor), "localhost");
        Assert.Equal(TransportSecurityFailure.UntrustedCertificate, (await Assert.ThrowsAsync<TransportSecurityException>(() => c2)).Failure);
        await ServerSeesTheConnectionEnd(s2);

        var (s3, c3) = await Handshake(server, TlsClientOptions.TrustingAuthority(TestCertificates.Server), "elsewhere.example");
        Assert.Equal(TransportSecurityFailure.NameMismatch, (await Assert.ThrowsAsync<TransportSecurityException>(() => c3)).Failure);
        await ServerSeesTheConnectionEnd(s3);
    }

    [Fact]
    public async Task A_server_with_an_allow_list_admits_listed_clients_and_refuses_others()
    {
        var server = new TlsServerOptions(TestCertificates.Server) { AllowedClients = new HashSet<CertificateFingerprint> { CertificateFingerprint.Of(TestCertificates.Client) } };
        var pin = TlsClientOptions.Pinned(TestCertificates.ServerPin);

        var (s1, c1) = await Handshake(server, pin.WithClientCertificate(TestCertificates.Client));
        using (var admitted = await s1)
        using (await c1)
        {
            Assert.Equal(CertificateFingerprint.Of(TestCertificates.Client), admitted.RemoteFingerprint);
        }

        var (s2, c2) = await Handshake(server, pin.WithClientCertificate(TestCertificates.Stranger));
        Assert.Equal(TransportSecurityFailure.ClientNotAuthorized, (await Assert.ThrowsAsync<TransportSecurityException>(() => s2)).Failure);
        (await c2).Dispose();

        var (s3, c3) = await Handshake(server, pin);
        Assert.Equal(TransportSecurityFailure.ClientCertificateMissing, (await Assert.ThrowsAsync<TransportSecurityException>(() => s3)).Failure);
        (await c3).Dispose();
    }

    /// <summary>A small authority and certificates it issues, with the extended key usages given.</summary>
    private static (X509Certificate2 Authority, X509Certificate2 Issued) IssueFromAuthority(params string[] usages)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Test authority", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature, true));
        var authority = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=issued client", key, HashAlgorithmName.SHA256);
        var oids = new OidCollection();
        foreach (var usage in usages) oids.Add(new Oid(usage));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(12), [1, 2, 3, 4]);
        return (X509CertificateLoader.LoadCertificate(authority.RawData), issued.CopyWithPrivateKey(key));
    }

    [Fact]
    public async Task A_client_authority_admits_the_client_certificates_it_issued_for_client_authentication_only()
    {
        var (authority, client) = IssueFromAuthority("1.3.6.1.5.5.7.3.2");
        var server = new TlsServerOptions(TestCertificates.Server) { ClientAuthority = authority };
        var (s1, c1) = await Handshake(server, TlsClientOptions.Pinned(TestCertificates.ServerPin).WithClientCertificate(client));
        using (var admitted = await s1)
        using (await c1)
        {
            Assert.Equal(CertificateFingerprint.Of(client), admitted.RemoteFingerprint);
        }

        var (serverOnlyAuthority, serverOnly) = IssueFromAuthority("1.3.6.1.5.5.7.3.1");
        var strict = new TlsServerOptions(TestCertificates.Server) { ClientAuthority = serverOnlyAuthority };
        var (s2, c2) = await Handshake(strict, TlsClientOptions.Pinned(TestCertificates.ServerPin).WithClientCertificate(serverOnly));
        Assert.Equal(TransportSecurityFailure.ClientNotAuthorized, (await Assert.ThrowsAsync<TransportSecurityException>(() => s2)).Failure);
        (await c2).Dispose();

        var (s3, c3) = await Handshake(server, TlsClientOptions.Pinned(TestCertificates.ServerPin).WithClientCertificate(TestCertificates.Client));
        Assert.Equal(TransportSecurityFailure.ClientNotAuthorized, (await Assert.ThrowsAsync<TransportSecurityException>(() => s3)).Failure);
        (await c3).Dispose();
    }
}

using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace PiToolkit.SecureInference.Transport;

/// <summary>
/// A channel over TLS (.NET's <see cref="SslStream"/>, TLS 1.2 or 1.3) on a TCP connection: the same
/// buffering, flush rules and byte counts as <see cref="TcpChannel"/> (counts are application bytes,
/// before TLS framing). The server is recognised by a pinned fingerprint or a trusted authority
/// (<see cref="TlsClientOptions"/>); clients may be required to present an allowed certificate
/// (<see cref="TlsServerOptions"/>). Every refusal is a <see cref="TransportSecurityException"/>
/// raised before any application byte moves. Owns the socket.
/// </summary>
public sealed class TlsChannel : IChannel
{
    private static readonly SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;
    private readonly SslStream _ssl;

    private TlsChannel(SocketStreamChannel inner, SslStream ssl)
    {
        Inner = inner;
        _ssl = ssl;
        if (ssl.RemoteCertificate is { } remote)
        {
            RemoteFingerprint = CertificateFingerprint.Of(remote);
        }
    }

    /// <summary>The shared socket channel underneath (timeouts and aborting, for the session host).</summary>
    internal SocketStreamChannel Inner { get; }

    /// <summary>The fingerprint of the certificate the peer presented (the server's, or the client's when it sent one).</summary>
    public CertificateFingerprint? RemoteFingerprint { get; }

    /// <summary>The negotiated TLS version.</summary>
    public SslProtocols Protocol => _ssl.SslProtocol;

    /// <summary>The negotiated cipher suite.</summary>
    public TlsCipherSuite CipherSuite => _ssl.NegotiatedCipherSuite;

    /// <inheritdoc/>
    public long BytesSent => Inner.BytesSent;

    /// <inheritdoc/>
    public long BytesReceived => Inner.BytesReceived;

    /// <summary>Connects to <paramref name="endPoint"/> and authenticates the server as <paramref name="options"/> say.</summary>
    /// <param name="endPoint">The server's address.</param>
    /// <param name="options">How to recognise the server, and the client certificate if any.</param>
    /// <param name="targetHost">The name the server's certificate must carry in authority mode (and the SNI name); defaults to the address.</param>
    /// <param name="cancellationToken">Cancels connecting and the handshake.</param>
    /// <exception cref="SocketException">The connection fails.</exception>
    /// <exception cref="TransportSecurityException">The server's certificate is refused or the handshake fails.</exception>
    public static async Task<TlsChannel> ConnectAsync(IPEndPoint endPoint, TlsClientOptions options, string? targetHost = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(options);
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return await AuthenticateAsClientAsync(socket, options, targetHost ?? endPoint.Address.ToString(), SocketStreamChannel.DefaultBufferSize, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Accepts one connection from <paramref name="listener"/> and runs the server side of the handshake, enforcing the client allow-list.</summary>
    /// <exception cref="TransportSecurityException">The handshake fails or the client is not authorized.</exception>
    public static async Task<TlsChannel> AcceptAsync(TcpListener listener, TlsServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(options);
        var socket = await listener.AcceptSocketAsync(cancellationToken).ConfigureAwait(false);
        var channel = await AuthenticateAsServerAsync(socket, options, SocketStreamChannel.DefaultBufferSize, cancellationToken).ConfigureAwait(false);
        var failure = options.Authorize(channel._ssl.RemoteCertificate, out var reason);
        if (failure is { } f)
        {
            channel.Dispose();
            throw new TransportSecurityException(f, $"Refused the client: {reason}.");
        }
        return channel;
    }

    /// <summary>
    /// Runs the client handshake on a connected socket (owned from here on, disposed on failure).
    /// </summary>
    internal static async Task<TlsChannel> AuthenticateAsClientAsync(Socket socket, TlsClientOptions options, string targetHost, int bufferSize, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        TransportSecurityFailure? failure = null;
        string reason = "";
        var authentication = new SslClientAuthenticationOptions
        {
            TargetHost = targetHost,
            EnabledSslProtocols = Protocols,
            // Pins and private authorities need no revocation lists, and the check would need the network.
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                failure = options.Check(certificate, (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0, out reason);
                return failure is null;
            },
            ClientCertificateContext = options.ClientCertificate is { } mine ? SslStreamCertificateContext.Create(mine, null, offline: true) : null,
        };
        try
        {
            await ssl.AuthenticateAsClientAsync(authentication, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            if (failure is { } f)
            {
                throw new TransportSecurityException(f, $"TLS: refused the server at {targetHost}: {reason}.", e);
            }
            throw new TransportSecurityException(TransportSecurityFailure.HandshakeFailed,
                $"TLS handshake with {targetHost} failed ({e.Message.TrimEnd('.')}); is the server running with TLS?", e);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new TlsChannel(new SocketStreamChannel(socket, ssl, bufferSize), ssl);
    }

    /// <summary>
    /// Runs the server handshake on an accepted socket (owned from here on, disposed on failure).
    /// Any client certificate is accepted at the TLS layer (TLS still proves the client holds its key);
    /// authorization is decided after the handshake so that the host can tell the client why it is refused.
    /// </summary>
    internal static async Task<TlsChannel> AuthenticateAsServerAsync(Socket socket, TlsServerOptions options, int bufferSize, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        var authentication = new SslServerAuthenticationOptions
        {
            ServerCertificate = options.Certificate,
            EnabledSslProtocols = Protocols,
            ClientCertificateRequired = options.RequiresClientCertificate,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        };
        try
        {
            await ssl.AuthenticateAsServerAsync(authentication, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new TransportSecurityException(TransportSecurityFailure.HandshakeFailed,
                $"TLS handshake failed ({e.Message.TrimEnd('.')}); the client may have refused our certificate or not speak TLS.", e);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new TlsChannel(new SocketStreamChannel(socket, ssl, bufferSize), ssl);
    }

    /// <summary>The certificate the peer presented, if any (for the host's authorization check).</summary>
    internal X509Certificate? RemoteCertificate => _ssl.RemoteCertificate;

    /// <inheritdoc/>
    public void Send(ReadOnlySpan<byte> data) => Inner.Send(data);

    /// <inheritdoc/>
    public void Receive(Span<byte> data) => Inner.Receive(data);

    /// <inheritdoc/>
    public void Flush() => Inner.Flush();

    /// <summary>Flushes (best effort) and closes the connection.</summary>
    public void Dispose() => Inner.Dispose();
}

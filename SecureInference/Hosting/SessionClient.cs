using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Hosting;

/// <summary>
/// The client side of a <see cref="SessionServer"/>: connects, secures the connection, reads the
/// server's admission and hands back a channel ready for the protocol. Every way this can fail is a
/// typed <see cref="IOException"/> with a one-line message: <see cref="ServerUnreachableException"/>,
/// <see cref="PeerTimeoutException"/>, <see cref="TransportSecurityException"/> (wrong pin, untrusted
/// certificate, client not authorized), <see cref="ServerBusyException"/> or <see cref="ProtocolException"/>
/// (not a PiToolkit server).
/// </summary>
public static class SessionClient
{
    /// <summary>Connects to the session server at <paramref name="host"/>:<paramref name="port"/>.</summary>
    /// <param name="host">A name or an address; each resolved address is tried in turn.</param>
    /// <param name="port">The server's port.</param>
    /// <param name="options">TLS and timeouts.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>The admitted channel; its reads and writes time out after <see cref="SessionClientOptions.IdleTimeout"/>. The caller disposes it.</returns>
    /// <exception cref="ServerUnreachableException">The name does not resolve or no server accepts the connection.</exception>
    /// <exception cref="PeerTimeoutException">Connecting, the TLS handshake or the admission took too long.</exception>
    /// <exception cref="TransportSecurityException">The server's certificate is refused, the handshake fails, or the server refuses this client's certificate.</exception>
    /// <exception cref="ServerBusyException">The server is full or shutting down.</exception>
    /// <exception cref="ProtocolException">Whatever answered is not a compatible PiToolkit session server.</exception>
    public static async Task<IChannel> ConnectAsync(string host, int port, SessionClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        string where = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";
        var socket = await ConnectSocketAsync(host, port, where, options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        IChannel? channel = null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.HandshakeTimeout);
        try
        {
            channel = options.Tls is { } tls
                ? await TlsChannel.AuthenticateAsClientAsync(socket, tls, options.TargetHost ?? host, options.ChannelBufferBytes, deadline.Token).ConfigureAwait(false)
                : new SocketStreamChannel(socket, new NetworkStream(socket, ownsSocket: true), options.ChannelBufferBytes);
            var inner = channel as SocketStreamChannel ?? ((TlsChannel)channel).Inner;
            inner.SetIdleTimeout(options.HandshakeTimeout);
            (Admission.Status, string) admission;
            // The greeting is read with a blocking call; cancelling cuts the connection to end it at once.
            using (cancellationToken.Register(inner.Abort))
            {
                admission = ReceiveAdmission(channel, where, options);
            }
            cancellationToken.ThrowIfCancellationRequested();
            var (status, reason) = admission;
            switch (status)
            {
                case Admission.Status.Accepted:
                    Admission.SendClientAcknowledgement(channel);
                    inner.SetIdleTimeout(options.IdleTimeout);
                    return channel;
                case Admission.Status.Busy:
                case Admission.Status.ShuttingDown:
                    throw new ServerBusyException($"The server at {where} refused the session: {reason}.", status == Admission.Status.ShuttingDown);
                case Admission.Status.ClientCertificateMissing:
                    throw new TransportSecurityException(TransportSecurityFailure.ClientCertificateMissing, $"The server at {where} requires a client certificate: {reason}.");
                default:
                    throw new TransportSecurityException(TransportSecurityFailure.ClientNotAuthorized, $"The server at {where} does not authorize this client: {reason}.");
            }
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            channel?.Dispose();
            socket.Dispose();
            throw new PeerTimeoutException($"The TLS handshake with {where} did not complete within {SocketStreamChannel.Seconds(options.HandshakeTimeout)}.", e);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
        {
            // Cancelling cut the connection; report the cancellation, not the cut.
            channel?.Dispose();
            socket.Dispose();
            throw new OperationCanceledException("Connecting was cancelled.", e, cancellationToken);
        }
        catch
        {
            channel?.Dispose();
            socket.Dispose();
            throw;
        }
    }

    private static (Admission.Status, string) ReceiveAdmission(IChannel channel, string where, SessionClientOptions options)
    {
        try
        {
            return Admission.Receive(channel);
        }
        catch (PeerTimeoutException e)
        {
            string hint = options.Tls is null ? " (if it serves TLS, connect with its fingerprint pinned)" : "";
            throw new PeerTimeoutException($"The server at {where} did not admit the session within {SocketStreamChannel.Seconds(options.HandshakeTimeout)}{hint}.", e);
        }
        catch (ProtocolException e) when (e.Message.StartsWith("The peer closed", StringComparison.Ordinal))
        {
            string hint = options.Tls is null
                ? " (does it serve TLS? then connect with its fingerprint pinned)"
                : options.Tls.ClientCertificate is null ? " (does it require a client certificate?)" : "";
            throw new ProtocolException($"The server at {where} closed the connection before admitting the session{hint}.", e);
        }
        catch (IOException e) when (options.Tls is not null && e is not ProtocolException and not TransportSecurityException)
        {
            // With TLS 1.3 a server that rejects the client's certificate does so after the client's
            // side of the handshake completed: the alert surfaces on the first read.
            throw new TransportSecurityException(TransportSecurityFailure.ClientNotAuthorized,
                $"The server at {where} ended the TLS session before admitting it ({e.Message.TrimEnd('.')}); it may not accept this client's certificate.", e);
        }
    }

    private static async Task<Socket> ConnectSocketAsync(string host, int port, string where, TimeSpan timeout, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw new ServerUnreachableException($"Cannot resolve '{host}': {e.Message}.", e);
            }
        }
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), deadline.Token).ConfigureAwait(false);
                return socket;
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
                last = new PeerTimeoutException(string.Create(CultureInfo.InvariantCulture, $"Connecting to {where} timed out after {timeout.TotalSeconds:0.#} s."), e);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        if (last is PeerTimeoutException timedOut) throw timedOut;
        string why = last is SocketException { SocketErrorCode: SocketError.ConnectionRefused }
            ? "nothing is listening there (connection refused)"
            : last?.Message ?? "the name resolves to no address";
        throw new ServerUnreachableException($"Cannot connect to {where}: {why}.", last);
    }
}

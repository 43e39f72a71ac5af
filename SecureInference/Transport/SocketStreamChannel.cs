using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;

namespace PiToolkit.SecureInference.Transport;

/// <summary>
/// The buffered channel over a connected socket's stream (plain <see cref="NetworkStream"/> or an
/// authenticated <see cref="System.Net.Security.SslStream"/>) that the TLS channel, the session host
/// and the session client share, so that buffering, byte counting, timeouts and aborting are written once.
/// </summary>
/// <remarks>
/// Same flush rules and counts as <see cref="TcpChannel"/> (see <see cref="IChannel"/>). The idle
/// timeout is the socket's send and receive timeout: it bounds every blocking call that makes no
/// progress, so a stalled or vanished peer turns into <see cref="PeerTimeoutException"/> instead of
/// pinning the calling thread. <see cref="Abort"/> may be called from any thread (a watchdog) and
/// wakes a blocked call at once.
/// </remarks>
internal sealed class SocketStreamChannel : IChannel
{
    /// <summary>Default buffer size each way, as <see cref="TcpChannel"/>.</summary>
    public const int DefaultBufferSize = 1 << 18;

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly BufferedStream _output;
    private readonly BufferedStream _input;
    private TimeSpan _idleTimeout = Timeout.InfiniteTimeSpan;
    private int _disposed;
    private int _aborted;
    private bool _faulted;

    public SocketStreamChannel(Socket socket, Stream stream, int bufferSize = DefaultBufferSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1024);
        socket.NoDelay = true;
        _socket = socket;
        _stream = stream;
        _output = new BufferedStream(stream, bufferSize);
        _input = new BufferedStream(stream, bufferSize);
        RemoteEndPoint = socket.RemoteEndPoint as IPEndPoint;
    }

    /// <inheritdoc/>
    public long BytesSent { get; private set; }

    /// <inheritdoc/>
    public long BytesReceived { get; private set; }

    /// <summary>The peer's address (captured at construction: it is gone once the socket closes).</summary>
    public IPEndPoint? RemoteEndPoint { get; }

    /// <summary>Whether <see cref="Abort"/> has been called.</summary>
    public bool IsAborted => Volatile.Read(ref _aborted) != 0;

    /// <summary>Bounds every later blocking send or receive that makes no progress; infinite turns it off.</summary>
    public void SetIdleTimeout(TimeSpan timeout)
    {
        int ms = timeout == Timeout.InfiniteTimeSpan ? 0 : (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue);
        _socket.ReceiveTimeout = ms;
        _socket.SendTimeout = ms;
        _idleTimeout = timeout;
    }

    /// <inheritdoc/>
    public void Send(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        try
        {
            _output.Write(data);
        }
        catch (IOException e) when (MarkFaulted() && IsTimeout(e))
        {
            throw SendTimeout(e);
        }
        BytesSent += data.Length;
    }

    /// <inheritdoc/>
    public void Receive(Span<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var done = 0;
        try
        {
            while (done < data.Length)
            {
                var n = _input.Read(data[done..]);
                if (n == 0)
                {
                    throw new ProtocolException($"The peer closed the connection after {done} of {data.Length} expected bytes.");
                }
                done += n;
            }
        }
        catch (IOException e) when (MarkFaulted() && IsTimeout(e))
        {
            throw new PeerTimeoutException($"The peer sent nothing for {Seconds(_idleTimeout)} (idle timeout), {done} of {data.Length} expected bytes received.", e);
        }
        BytesReceived += data.Length;
    }

    /// <inheritdoc/>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        try
        {
            _output.Flush();
        }
        catch (IOException e) when (MarkFaulted() && IsTimeout(e))
        {
            throw SendTimeout(e);
        }
    }

    /// <summary>
    /// Cuts the connection without flushing, from any thread: blocked calls on the owning thread wake
    /// up with an error and the peer sees the connection end. Idempotent.
    /// </summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0) return;
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already disconnected: nothing left to wake.
        }
        catch (ObjectDisposedException)
        {
            // Already disposed by the owner.
        }
    }

    /// <summary>
    /// Flushes (best effort, bounded by the idle timeout) and closes the connection. After a failed
    /// send or receive it aborts instead: flushing to a peer that already stalled would hold the
    /// caller for another idle timeout.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (_faulted) Abort();
        try
        {
            if (!IsAborted)
            {
                _output.Flush();
                _socket.Shutdown(SocketShutdown.Send);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or AuthenticationException or InvalidOperationException or NotSupportedException)
        {
            // The peer is gone or the stream is already broken: closing must not throw.
        }
        finally
        {
            DisposeQuietly(_input);
            DisposeQuietly(_output);
            DisposeQuietly(_stream);
            _socket.Dispose();
        }
    }

    private static void DisposeQuietly(Stream stream)
    {
        try
        {
            stream.Dispose();
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or AuthenticationException or InvalidOperationException or NotSupportedException)
        {
            // A buffered stream flushes on dispose; after a failure that flush fails again.
        }
    }

    /// <summary>Records that the stream failed; returns true so that it can lead an exception filter, which then decides alone whether to catch.</summary>
    private bool MarkFaulted()
    {
        _faulted = true;
        return true;
    }

    private PeerTimeoutException SendTimeout(IOException e) =>
        new($"The peer has not accepted data for {Seconds(_idleTimeout)} (idle timeout): it stopped reading or vanished.", e);

    internal static string Seconds(TimeSpan t) =>
        t == Timeout.InfiniteTimeSpan ? "ever" : t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    /// <summary>Whether a failure is the socket's send or receive timeout (possibly wrapped by SslStream).</summary>
    internal static bool IsTimeout(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.TimedOut }) return true;
        }
        return false;
    }
}

using System.Net;
using System.Net.Sockets;

namespace PiToolkit.SecureInference.Transport;

/// <summary>
/// A channel over a TCP connection (Nagle off, 256 KiB send buffer). Owns the socket.
/// </summary>
public sealed class TcpChannel : IChannel
{
    private const int BufferSize = 1 << 18;
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly BufferedStream _output;
    private readonly BufferedStream _input;
    private int _disposed;

    private TcpChannel(Socket socket)
    {
        socket.NoDelay = true;
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _output = new BufferedStream(_stream, BufferSize);
        _input = new BufferedStream(_stream, BufferSize);
    }

    /// <summary>Connects to a listening peer.</summary>
    /// <exception cref="SocketException">The connection fails.</exception>
    public static async Task<TcpChannel> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return new TcpChannel(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Accepts one connection from <paramref name="listener"/>.</summary>
    public static async Task<TcpChannel> AcceptAsync(TcpListener listener, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listener);
        var socket = await listener.AcceptSocketAsync(cancellationToken).ConfigureAwait(false);
        return new TcpChannel(socket);
    }

    /// <inheritdoc/>
    public long BytesSent { get; private set; }

    /// <inheritdoc/>
    public long BytesReceived { get; private set; }

    /// <inheritdoc/>
    public void Send(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        _output.Write(data);
        BytesSent += data.Length;
    }

    /// <inheritdoc/>
    public void Receive(Span<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var done = 0;
        while (done < data.Length)
        {
            var n = _input.Read(data[done..]);
            if (n == 0)
            {
                throw new ProtocolException($"The peer closed the connection after {done} of {data.Length} expected bytes.");
            }
            done += n;
        }
        BytesReceived += data.Length;
    }

    /// <inheritdoc/>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        _output.Flush();
    }

    /// <summary>Flushes (best effort) and closes the connection.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            _output.Flush();
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (IOException)
        {
            // The peer is already gone; nothing left to deliver.
        }
        catch (SocketException)
        {
            // Same: closing must not throw.
        }
        finally
        {
            _input.Dispose();
            _output.Dispose();
            _stream.Dispose();
        }
    }
}

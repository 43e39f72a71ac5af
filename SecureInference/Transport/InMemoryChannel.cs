using System.Buffers;

namespace PiToolkit.SecureInference.Transport;

/// <summary>
/// One end of an in-process channel pair (for tests and single-process two-party runs). Each
/// direction is a bounded queue, so a fast sender blocks instead of buffering a whole garbled batch.
/// </summary>
public sealed class InMemoryChannel : IChannel
{
    private const int SendBufferSize = 1 << 16;
    private readonly BlockingPipe _outgoing;
    private readonly BlockingPipe _incoming;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(SendBufferSize);
    private int _buffered;
    private int _disposed;

    private InMemoryChannel(BlockingPipe outgoing, BlockingPipe incoming)
    {
        _outgoing = outgoing;
        _incoming = incoming;
    }

    /// <summary>Creates two connected ends.</summary>
    /// <param name="capacityBytes">Bytes each direction may hold before the sender blocks.</param>
    public static (InMemoryChannel First, InMemoryChannel Second) CreatePair(int capacityBytes = 16 << 20)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityBytes);
        var ab = new BlockingPipe(capacityBytes);
        var ba = new BlockingPipe(capacityBytes);
        return (new InMemoryChannel(ab, ba), new InMemoryChannel(ba, ab));
    }

    /// <inheritdoc/>
    public long BytesSent { get; private set; }

    /// <inheritdoc/>
    public long BytesReceived { get; private set; }

    /// <inheritdoc/>
    public void Send(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        BytesSent += data.Length;
        while (!data.IsEmpty)
        {
            var n = Math.Min(data.Length, SendBufferSize - _buffered);
            data[..n].CopyTo(_buffer.AsSpan(_buffered));
            _buffered += n;
            data = data[n..];
            if (_buffered == SendBufferSize)
            {
                Flush();
            }
        }
    }

    /// <inheritdoc/>
    public void Receive(Span<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var total = data.Length;
        _incoming.Read(data);
        BytesReceived += total;
    }

    /// <inheritdoc/>
    public void Flush()
    {
        if (_buffered == 0) return;
        // The pipe owns the chunk now and returns it to the pool once read: no copy, no garbage.
        _outgoing.Write(_buffer, _buffered);
        _buffer = ArrayPool<byte>.Shared.Rent(SendBufferSize);
        _buffered = 0;
    }

    /// <summary>Flushes, then closes this end's outgoing direction; the peer sees the end of the stream.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            Flush();
        }
        finally
        {
            _outgoing.Close();
            _incoming.Close();
        }
    }
}

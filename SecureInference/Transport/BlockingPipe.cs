using System.Buffers;

namespace PiToolkit.SecureInference.Transport;

/// <summary>A bounded single-producer single-consumer byte queue for <see cref="InMemoryChannel"/>.</summary>
internal sealed class BlockingPipe(int capacity)
{
    private readonly Queue<(byte[] Chunk, int Length)> _chunks = new();
    private readonly object _gate = new();
    private int _headOffset;
    private long _queued;
    private bool _closed;

    /// <summary>Takes ownership of <paramref name="chunk"/> (rented from the shared pool; returned there once read); blocks while the queue is full.</summary>
    public void Write(byte[] chunk, int length)
    {
        lock (_gate)
        {
            while (_queued > 0 && _queued + length > capacity && !_closed)
            {
                Monitor.Wait(_gate);
            }
            if (_closed)
            {
                throw new IOException("The in-memory channel is closed.");
            }
            _chunks.Enqueue((chunk, length));
            _queued += length;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Fills <paramref name="data"/>; throws when the pipe closes first.</summary>
    public void Read(Span<byte> data)
    {
        var done = 0;
        lock (_gate)
        {
            while (done < data.Length)
            {
                while (_chunks.Count == 0)
                {
                    if (_closed)
                    {
                        throw new ProtocolException($"The peer closed the channel after {done} of {data.Length} expected bytes.");
                    }
                    Monitor.Wait(_gate);
                }
                var (chunk, length) = _chunks.Peek();
                var n = Math.Min(length - _headOffset, data.Length - done);
                chunk.AsSpan(_headOffset, n).CopyTo(data[done..]);
                done += n;
                _headOffset += n;
                _queued -= n;
                if (_headOffset == length)
                {
                    _chunks.Dequeue();
                    _headOffset = 0;
                    ArrayPool<byte>.Shared.Return(chunk);
                }
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Marks the end of the stream; queued bytes can still be read.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            Monitor.PulseAll(_gate);
        }
    }
}

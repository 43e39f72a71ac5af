namespace PiToolkit.SecureInference.Transport;

/// <summary>
/// A reliable, ordered duplex byte channel between the two parties, counting bytes each way.
/// </summary>
/// <remarks>
/// Flush rules (the same for every implementation):
/// <list type="number">
/// <item><see cref="Send"/> may buffer; bytes are only guaranteed to leave after <see cref="Flush"/>.</item>
/// <item>A party must call <see cref="Flush"/> before it blocks in <see cref="Receive"/> on anything
/// that the peer can only send after reading what this party has sent (every change of direction).
/// <see cref="Receive"/> never flushes by itself, so forgetting this deadlocks in tests at once rather
/// than costing a hidden round trip in production.</item>
/// <item>Implementations may flush earlier when their buffer fills; streaming senders rely on this
/// to keep memory bounded.</item>
/// <item><see cref="IDisposable.Dispose"/> flushes what is buffered (best effort) and closes the channel;
/// the peer then sees the end of the stream, and a <see cref="Receive"/> that cannot be completed
/// throws <see cref="ProtocolException"/>.</item>
/// </list>
/// Counts include frame headers written by <see cref="FrameCodec"/>. A channel is used by one
/// thread per direction at a time.
/// </remarks>
public interface IChannel : IDisposable
{
    /// <summary>Bytes handed to <see cref="Send"/> so far.</summary>
    long BytesSent { get; }

    /// <summary>Bytes returned by <see cref="Receive"/> so far.</summary>
    long BytesReceived { get; }

    /// <summary>Queues <paramref name="data"/> for the peer (see the flush rules).</summary>
    /// <exception cref="ObjectDisposedException">The channel is closed.</exception>
    /// <exception cref="IOException">The connection failed.</exception>
    void Send(ReadOnlySpan<byte> data);

    /// <summary>Blocks until exactly <paramref name="data"/>.Length bytes have arrived.</summary>
    /// <exception cref="ProtocolException">The peer closed the channel first.</exception>
    /// <exception cref="ObjectDisposedException">The channel is closed.</exception>
    void Receive(Span<byte> data);

    /// <summary>Pushes buffered bytes to the peer.</summary>
    /// <exception cref="IOException">The connection failed.</exception>
    void Flush();
}

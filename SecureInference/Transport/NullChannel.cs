namespace PiToolkit.SecureInference.Transport;

/// <summary>
/// A send-only sink that counts and discards bytes: compute-only benchmarks of the garbler.
/// </summary>
public sealed class NullChannel : IChannel
{
    /// <inheritdoc/>
    public long BytesSent { get; private set; }

    /// <inheritdoc/>
    public long BytesReceived => 0;

    /// <inheritdoc/>
    public void Send(ReadOnlySpan<byte> data) => BytesSent += data.Length;

    /// <summary>Always fails: nothing ever arrives on a null channel.</summary>
    /// <exception cref="ProtocolException">Always.</exception>
    public void Receive(Span<byte> data) => throw new ProtocolException("A null channel never receives anything.");

    /// <inheritdoc/>
    public void Flush()
    {
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}

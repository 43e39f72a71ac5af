using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Tests.Serving;

/// <summary>Passes everything through until armed; then, once this many more bytes were sent, closes the connection as a killed process would.</summary>
internal sealed class CuttingChannel(IChannel inner) : IChannel
{
    private long _cutAt = long.MaxValue;

    public long BytesSent => inner.BytesSent;

    public long BytesReceived => inner.BytesReceived;

    public void CutAfter(long bytes) => _cutAt = inner.BytesSent + bytes;

    public void Send(ReadOnlySpan<byte> data)
    {
        if (inner.BytesSent + data.Length >= _cutAt)
        {
            inner.Send(data[..(int)Math.Max(0, _cutAt - inner.BytesSent)]);
            inner.Flush();
            inner.Dispose();
            throw new IOException("killed");
        }
        inner.Send(data);
    }

    public void Receive(Span<byte> data) => inner.Receive(data);

    public void Flush() => inner.Flush();

    public void Dispose() => inner.Dispose();
}

using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Tests.Protocol;

/// <summary>Forwards to another channel and keeps a copy of every byte this end sends.</summary>
internal sealed class RecordingChannel(IChannel inner) : IChannel
{
    private readonly MemoryStream _sent = new();

    public long BytesSent => inner.BytesSent;

    public long BytesReceived => inner.BytesReceived;

    public byte[] Sent => _sent.ToArray();

    public void Send(ReadOnlySpan<byte> data)
    {
        _sent.Write(data);
        inner.Send(data);
    }

    public void Receive(Span<byte> data) => inner.Receive(data);

    public void Flush() => inner.Flush();

    public void Dispose() => inner.Dispose();

    /// <summary>Splits a recorded stream into its length-prefixed frames.</summary>
    public static List<byte[]> Frames(byte[] stream)
    {
        var frames = new List<byte[]>();
        for (int offset = 0; offset < stream.Length;)
        {
            int length = BitConverter.ToInt32(stream, offset);
            frames.Add(stream.AsSpan(offset + 4, length).ToArray());
            offset += 4 + length;
        }
        return frames;
    }
}

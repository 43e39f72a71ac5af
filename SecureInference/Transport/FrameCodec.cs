using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace PiToolkit.SecureInference.Transport;

/// <summary>
/// Length-prefixed frames on an <see cref="IChannel"/>: a 4-byte little-endian length, then the
/// payload. Receivers state the largest (or the exact) length they accept, so a hostile or broken
/// peer cannot make them allocate or read without bound.
/// </summary>
public static class FrameCodec
{
    /// <summary>Default largest frame accepted: 64 MiB.</summary>
    public const int DefaultMaxFrameLength = 64 << 20;

    /// <summary>Sends one frame.</summary>
    /// <exception cref="ArgumentException">The payload is larger than <see cref="DefaultMaxFrameLength"/>.</exception>
    public static void SendFrame(this IChannel channel, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (payload.Length > DefaultMaxFrameLength)
        {
            throw new ArgumentException($"A frame carries at most {DefaultMaxFrameLength} bytes.", nameof(payload));
        }
        Span<byte> header = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(header, payload.Length);
        channel.Send(header);
        channel.Send(payload);
    }

    /// <summary>Sends a frame holding the raw bytes of unmanaged values (labels, words).</summary>
    public static void SendFrame<T>(this IChannel channel, ReadOnlySpan<T> values)
        where T : unmanaged => channel.SendFrame(MemoryMarshal.AsBytes(values));

    /// <summary>Receives one frame of at most <paramref name="maxLength"/> bytes.</summary>
    /// <exception cref="ProtocolException">The announced length is negative or above the limit, or the stream ends early.</exception>
    public static byte[] ReceiveFrame(this IChannel channel, int maxLength = DefaultMaxFrameLength)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var length = ReadLength(channel);
        if (length > maxLength)
        {
            throw new ProtocolException($"Frame of {length} bytes exceeds the limit of {maxLength}.");
        }
        var payload = new byte[length];
        channel.Receive(payload);
        return payload;
    }

    /// <summary>Receives a frame that must fill <paramref name="destination"/> exactly.</summary>
    /// <exception cref="ProtocolException">The frame has another length or the stream ends early.</exception>
    public static void ReceiveFrame(this IChannel channel, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var length = ReadLength(channel);
        if (length != destination.Length)
        {
            throw new ProtocolException($"Expected a frame of {destination.Length} bytes, got one announcing {length}.");
        }
        channel.Receive(destination);
    }

    /// <summary>Receives a frame that must fill <paramref name="destination"/> (unmanaged values) exactly.</summary>
    /// <exception cref="ProtocolException">The frame has another length or the stream ends early.</exception>
    public static void ReceiveFrame<T>(this IChannel channel, Span<T> destination)
        where T : unmanaged => channel.ReceiveFrame(MemoryMarshal.AsBytes(destination));

    private static int ReadLength(IChannel channel)
    {
        Span<byte> header = stackalloc byte[4];
        channel.Receive(header);
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length < 0)
        {
            throw new ProtocolException($"Frame announces a negative length ({length}).");
        }
        return length;
    }
}

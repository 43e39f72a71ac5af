using System.Buffers.Binary;
using PiToolkit.SecureInference.Arithmetic;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// The protocol layer's framing on top of <see cref="FrameCodec"/>: every message starts with a
/// 16-byte header frame (kind, step, batch id) that the receiver checks against what the plan says
/// must come next, so a desynchronised or mismatched peer fails with a <see cref="ProtocolException"/>
/// naming the difference instead of producing wrong shares. Field vectors are exact-length frames
/// of little-endian u64 residues, each checked to be below p.
/// </summary>
internal static class Wire
{
    public const int HeaderLength = 16;

    /// <summary>Chunk size for streamed blobs (HE keys): well inside the transport's frame limit.</summary>
    public const int BlobChunk = 1 << 20;

    public static void SendHeader(IChannel channel, MessageKind kind, int step, ulong batch)
    {
        Span<byte> header = stackalloc byte[HeaderLength];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)kind);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], step);
        BinaryPrimitives.WriteUInt64LittleEndian(header[8..], batch);
        channel.SendFrame(header);
    }

    public static (MessageKind Kind, int Step, ulong Batch) ReceiveHeader(IChannel channel)
    {
        Span<byte> header = stackalloc byte[HeaderLength];
        channel.ReceiveFrame(header);
        return ((MessageKind)BinaryPrimitives.ReadUInt32LittleEndian(header), BinaryPrimitives.ReadInt32LittleEndian(header[4..]),
            BinaryPrimitives.ReadUInt64LittleEndian(header[8..]));
    }

    public static void ExpectHeader(IChannel channel, MessageKind kind, int step, ulong batch)
    {
        var (k, s, b) = ReceiveHeader(channel);
        if (k != kind || s != step || b != batch)
            throw new ProtocolException($"Expected {kind} for step {step} of batch {batch}, got {Describe(k)} for step {s} of batch {b}.");
    }

    public static string Describe(MessageKind kind) => Enum.IsDefined(kind) ? kind.ToString() : $"unknown message {(uint)kind}";

    public static void SendField(IChannel channel, ReadOnlySpan<ulong> values) => channel.SendFrame(values);

    /// <summary>Receives exactly <paramref name="count"/> residues and checks each is below p.</summary>
    public static ulong[] ReceiveField(IChannel channel, int count, PrimeField field, string what)
    {
        var values = new ulong[count];
        channel.ReceiveFrame<ulong>(values);
        foreach (ulong v in values)
            if (!field.IsResidue(v))
                throw new ProtocolException($"{what}: a value is not a residue mod p.");
        return values;
    }

    /// <summary>Sends a blob of any size as a length frame and chunks of at most <see cref="BlobChunk"/> bytes.</summary>
    public static void SendBlob(IChannel channel, ReadOnlySpan<byte> blob)
    {
        channel.SendFrame<long>([blob.Length]);
        for (int offset = 0; offset < blob.Length; offset += BlobChunk)
            channel.SendFrame(blob.Slice(offset, Math.Min(BlobChunk, blob.Length - offset)));
    }

    /// <summary>Receives a blob sent by <see cref="SendBlob"/>, refusing one longer than <paramref name="maxLength"/>.</summary>
    public static byte[] ReceiveBlob(IChannel channel, long maxLength, string what)
    {
        Span<long> length = stackalloc long[1];
        channel.ReceiveFrame(length);
        if (length[0] < 0 || length[0] > maxLength)
            throw new ProtocolException($"{what} of {length[0]} bytes announced; at most {maxLength} accepted.");
        var blob = new byte[length[0]];
        for (int offset = 0; offset < blob.Length; offset += BlobChunk)
            channel.ReceiveFrame(blob.AsSpan(offset, Math.Min(BlobChunk, blob.Length - offset)));
        return blob;
    }

}

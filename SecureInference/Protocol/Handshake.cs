using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// Session start: the client sends its hello (protocol version, role, p, f, N, HE compression,
/// the plan's fingerprint, every circuit's fingerprint, its HE encoding per linear layer, a nonce);
/// the server compares each field with its own, checks each encoding is one its options allow, and
/// answers with its hello (the accepted encodings echoed) or a reject naming the first difference; the client
/// checks the server's hello the same way and confirms with the session id
/// SHA-256("PiToolkit session" ‖ client hello ‖ server hello)[0..16], which both sides then put in
/// front of every batch. Any difference is a <see cref="ProtocolException"/> on both sides.
/// </summary>
internal static class Handshake
{
    public const uint Version = 2; // 2: per-layer HE encodings in the hello
    public const byte ClientRole = 1;
    public const byte ServerRole = 2;
    public const int MaxHelloLength = 64 * 1024;
    public const int SessionIdLength = 16;
    private const int MaxLayers = 4096;
    private static ReadOnlySpan<byte> Magic => "PITKPI\0\u0001"u8;

    public sealed record Hello(uint Version, byte Role, ulong Modulus, int FractionalBits, int PolyModulusDegree, byte Compression,
        ImmutableArray<byte> PlanFingerprint, ImmutableArray<ImmutableArray<byte>> CircuitFingerprints, ImmutableArray<byte> Encodings,
        ImmutableArray<byte> Nonce);

    /// <param name="role">Who sends it.</param>
    /// <param name="plan">The public plan.</param>
    /// <param name="polyModulusDegree">HE ring degree N.</param>
    /// <param name="compression">HE wire compression.</param>
    /// <param name="encodings">One <c>HomomorphicEncoding</c> byte per linear step (the client's choices; the server echoes the accepted ones).</param>
    /// <param name="random">Source of the nonce.</param>
    public static Hello Create(byte role, InferencePlan plan, int polyModulusDegree, byte compression, ImmutableArray<byte> encodings, ProtocolRandom random)
    {
        var nonce = new byte[16];
        random.Fill(nonce);
        return new Hello(Version, role, plan.Modulus, plan.FractionalBits, polyModulusDegree, compression, plan.Fingerprint,
            [.. plan.CircuitTruncations.Select(t => ImmutableArray.Create(InferencePlan.CircuitFingerprint(plan.Circuit(t))))], encodings, [.. nonce]);
    }

    public static byte[] Encode(Hello hello)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Magic);
            writer.Write(hello.Version);
            writer.Write(hello.Role);
            writer.Write(hello.Modulus);
            writer.Write(hello.FractionalBits);
            writer.Write(hello.PolyModulusDegree);
            writer.Write(hello.Compression);
            writer.Write(hello.PlanFingerprint.AsSpan());
            writer.Write(hello.CircuitFingerprints.Length);
            foreach (var f in hello.CircuitFingerprints)
                writer.Write(f.AsSpan());
            writer.Write(hello.Encodings.Length);
            writer.Write(hello.Encodings.AsSpan());
            writer.Write(hello.Nonce.AsSpan());
        }
        return stream.ToArray();
    }

    /// <summary>Parses a peer's hello; anything malformed is a <see cref="ProtocolException"/>.</summary>
    public static Hello Decode(ReadOnlySpan<byte> bytes)
    {
        const int fixedLength = 8 + 4 + 1 + 8 + 4 + 4 + 1 + 32 + 4;
        if (bytes.Length < fixedLength + 4 + 16 || !bytes[..8].SequenceEqual(Magic))
            throw new ProtocolException("The peer's hello is not a PiToolkit secure-inference hello.");
        int o = 8;
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(bytes[o..]); o += 4;
        byte role = bytes[o]; o += 1;
        ulong p = BinaryPrimitives.ReadUInt64LittleEndian(bytes[o..]); o += 8;
        int f = BinaryPrimitives.ReadInt32LittleEndian(bytes[o..]); o += 4;
        int n = BinaryPrimitives.ReadInt32LittleEndian(bytes[o..]); o += 4;
        byte compression = bytes[o]; o += 1;
        var plan = bytes.Slice(o, 32).ToImmutableArray(); o += 32;
        int circuits = BinaryPrimitives.ReadInt32LittleEndian(bytes[o..]); o += 4;
        if (circuits < 0 || circuits > 1024 || bytes.Length < fixedLength + 32 * circuits + 4 + 16)
            throw new ProtocolException("The peer's hello has a malformed circuit list.");
        var fingerprints = ImmutableArray.CreateBuilder<ImmutableArray<byte>>(circuits);
        for (int i = 0; i < circuits; i++, o += 32)
            fingerprints.Add(bytes.Slice(o, 32).ToImmutableArray());
        int layers = BinaryPrimitives.ReadInt32LittleEndian(bytes[o..]); o += 4;
        if (layers < 0 || layers > MaxLayers || bytes.Length != o + layers + 16)
            throw new ProtocolException("The peer's hello has a malformed list of layer encodings.");
        var encodings = bytes.Slice(o, layers).ToImmutableArray(); o += layers;
        return new Hello(version, role, p, f, n, compression, plan, fingerprints.MoveToImmutable(), encodings, bytes.Slice(o, 16).ToImmutableArray());
    }

    /// <summary>The first field in which the peer's hello differs from ours, or null when they agree.</summary>
    public static string? Compare(Hello mine, Hello theirs, byte expectedPeerRole, int minimumDegree)
    {
        if (theirs.Version != mine.Version)
            return $"protocol version {theirs.Version} ≠ {mine.Version}";
        if (theirs.Role != expectedPeerRole)
            return $"the peer announces role {RoleName(theirs.Role)}, expected {RoleName(expectedPeerRole)}";
        if (theirs.Modulus != mine.Modulus)
            return $"field modulus p = {theirs.Modulus} ≠ {mine.Modulus}";
        if (theirs.FractionalBits != mine.FractionalBits)
            return $"fractional bits f = {theirs.FractionalBits} ≠ {mine.FractionalBits}";
        if (theirs.PolyModulusDegree < minimumDegree)
            return $"HE ring degree N = {theirs.PolyModulusDegree} is below {minimumDegree}: too small for 40-bit noise flooding";
        if (theirs.PolyModulusDegree != mine.PolyModulusDegree)
            return $"HE ring degree N = {theirs.PolyModulusDegree} ≠ {mine.PolyModulusDegree}";
        if (theirs.Compression != mine.Compression)
            return $"HE compression {theirs.Compression} ≠ {mine.Compression}";
        if (!theirs.PlanFingerprint.SequenceEqual(mine.PlanFingerprint))
            return "the model's public shape (plan fingerprint) differs";
        if (theirs.CircuitFingerprints.Length != mine.CircuitFingerprints.Length)
            return $"{theirs.CircuitFingerprints.Length} circuits ≠ {mine.CircuitFingerprints.Length}";
        for (int i = 0; i < mine.CircuitFingerprints.Length; i++)
            if (!theirs.CircuitFingerprints[i].SequenceEqual(mine.CircuitFingerprints[i]))
                return $"circuit {i} (fingerprint) differs";
        if (!theirs.Encodings.SequenceEqual(mine.Encodings))
            return $"HE layer encodings [{string.Join(",", theirs.Encodings)}] ≠ [{string.Join(",", mine.Encodings)}]";
        return null;
    }

    public static byte[] SessionId(byte[] clientHello, byte[] serverHello)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData("PiToolkit session"u8);
        hash.AppendData(clientHello);
        hash.AppendData(serverHello);
        return hash.GetHashAndReset()[..SessionIdLength];
    }

    public static void SendReject(IChannel channel, MessageKind kind, string reason)
    {
        Wire.SendHeader(channel, kind, -1, 0);
        byte[] text = Encoding.UTF8.GetBytes(reason);
        channel.SendFrame(text.AsSpan(0, Math.Min(text.Length, 1024)));
        channel.Flush();
    }

    public static string ReceiveReason(IChannel channel) => Encoding.UTF8.GetString(channel.ReceiveFrame(1024));

    private static string RoleName(byte role) => role switch
    {
        ClientRole => "client",
        ServerRole => "server",
        _ => $"unknown ({role})",
    };
}

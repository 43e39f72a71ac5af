using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;
using PiToolkit.SecureInference.Garbling;
using PiToolkit.SecureInference.Transport;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace PiToolkit.SecureInference.ObliviousTransfer;

/// <summary>
/// Base oblivious transfer: Chou and Orlandi, "The simplest protocol for oblivious transfer"
/// (Latincrypt 2015), over NIST P-256 with BouncyCastle's curve arithmetic (no home-made group code).
/// Semi-honest security. Keys are SHA-256(index ‖ A ‖ B ‖ shared point) truncated to 128 bits, binding
/// each key to its transcript (the fix suggested after the original proof gap).
/// </summary>
/// <remarks>
/// Sender: a ← Z_n, sends A = aG. Receiver, per OT with choice c: b ← Z_n, sends B = bG + cA, keeps
/// k = H(bA). Sender: k0 = H(aB), k1 = H(a(B − A)). Scalars come from <see cref="RandomNumberGenerator"/>;
/// their byte forms are wiped, though BouncyCastle's immutable BigInteger copies cannot be.
/// </remarks>
public static class ChouOrlandiOt
{
    private const int PointLength = 33;
    private static readonly X9ECParameters Curve = CustomNamedCurves.GetByName("P-256");

    /// <summary>Random OT, sender side: fills both key arrays (one pair per OT).</summary>
    /// <exception cref="ProtocolException">The receiver sent an invalid or missing point.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void SendRandom(IChannel channel, Span<Label> keys0, Span<Label> keys1)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (keys0.Length != keys1.Length) throw new ArgumentException("One key pair per OT.", nameof(keys1));
        var a = RandomScalar();
        var pointA = Curve.G.Multiply(a).Normalize();
        var encodedA = pointA.GetEncoded(true);
        channel.SendFrame<byte>(encodedA);
        channel.Flush();
        var received = new byte[keys0.Length * PointLength];
        channel.ReceiveFrame<byte>(received);
        var aA = pointA.Multiply(a).Normalize();
        for (var i = 0; i < keys0.Length; i++)
        {
            var encodedB = received.AsSpan(i * PointLength, PointLength);
            var pointB = Decode(encodedB, i);
            var p0 = pointB.Multiply(a).Normalize();
            var p1 = p0.Subtract(aA).Normalize();
            keys0[i] = KeyFor(i, encodedA, encodedB, p0);
            keys1[i] = KeyFor(i, encodedA, encodedB, p1);
        }
    }

    /// <summary>Random OT, receiver side: <paramref name="keys"/>[i] = the sender's key for choice <paramref name="choices"/>[i].</summary>
    /// <exception cref="ProtocolException">The sender's point is invalid or missing.</exception>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void ReceiveRandom(IChannel channel, ReadOnlySpan<bool> choices, Span<Label> keys)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (choices.Length != keys.Length) throw new ArgumentException("One key per choice.", nameof(keys));
        var encodedA = new byte[PointLength];
        channel.ReceiveFrame<byte>(encodedA);
        var pointA = Decode(encodedA, -1);
        var message = new byte[choices.Length * PointLength];
        var scalars = new BigInteger[choices.Length];
        for (var i = 0; i < choices.Length; i++)
        {
            scalars[i] = RandomScalar();
            var pointB = Curve.G.Multiply(scalars[i]);
            if (choices[i])
            {
                pointB = pointB.Add(pointA);
            }
            pointB.Normalize().GetEncoded(true).CopyTo(message, i * PointLength);
        }
        channel.SendFrame<byte>(message);
        channel.Flush();
        for (var i = 0; i < choices.Length; i++)
        {
            var shared = pointA.Multiply(scalars[i]).Normalize();
            keys[i] = KeyFor(i, encodedA, message.AsSpan(i * PointLength, PointLength), shared);
        }
    }

    /// <summary>Chosen-message OT, sender side: the receiver learns exactly one of each pair.</summary>
    /// <exception cref="ProtocolException">The receiver misbehaved on the wire.</exception>
    public static void Send(IChannel channel, ReadOnlySpan<Label> messages0, ReadOnlySpan<Label> messages1)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (messages0.Length != messages1.Length) throw new ArgumentException("One message pair per OT.", nameof(messages1));
        var keys = new Label[2 * messages0.Length];
        try
        {
            SendRandom(channel, keys.AsSpan(0, messages0.Length), keys.AsSpan(messages0.Length));
            var masked = new Label[2 * messages0.Length];
            for (var i = 0; i < messages0.Length; i++)
            {
                masked[2 * i] = messages0[i] ^ keys[i];
                masked[2 * i + 1] = messages1[i] ^ keys[messages0.Length + i];
            }
            channel.SendFrame<Label>(masked);
            channel.Flush();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(keys.AsSpan()));
        }
    }

    /// <summary>Chosen-message OT, receiver side.</summary>
    /// <exception cref="ProtocolException">The sender misbehaved on the wire.</exception>
    public static void Receive(IChannel channel, ReadOnlySpan<bool> choices, Span<Label> messages)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ReceiveRandom(channel, choices, messages);
        var masked = new Label[2 * choices.Length];
        channel.ReceiveFrame<Label>(masked);
        for (var i = 0; i < choices.Length; i++)
        {
            messages[i] ^= masked[2 * i + (choices[i] ? 1 : 0)];
        }
    }

    private static ECPoint Decode(ReadOnlySpan<byte> encoded, int index)
    {
        ECPoint point;
        try
        {
            point = Curve.Curve.DecodePoint(encoded.ToArray());
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or ArithmeticException)
        {
            throw new ProtocolException($"Base OT {index}: the peer's point is not on P-256.", e);
        }
        if (point.IsInfinity || !point.IsValid())
        {
            throw new ProtocolException($"Base OT {index}: the peer's point is invalid.");
        }
        return point;
    }

    private static BigInteger RandomScalar()
    {
        Span<byte> bytes = stackalloc byte[32];
        try
        {
            while (true)
            {
                RandomNumberGenerator.Fill(bytes);
                var k = new BigInteger(1, bytes.ToArray());
                if (k.SignValue > 0 && k.CompareTo(Curve.N) < 0)
                {
                    return k;
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static Label KeyFor(int index, ReadOnlySpan<byte> encodedA, ReadOnlySpan<byte> encodedB, ECPoint shared)
    {
        Span<byte> input = stackalloc byte[8 + 3 * PointLength];
        BinaryPrimitives.WriteInt64LittleEndian(input, index);
        encodedA.CopyTo(input[8..]);
        encodedB.CopyTo(input[(8 + PointLength)..]);
        shared.GetEncoded(true).CopyTo(input[(8 + 2 * PointLength)..]);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(input, digest);
        var key = MemoryMarshal.Read<Label>(digest);
        CryptographicOperations.ZeroMemory(input);
        CryptographicOperations.ZeroMemory(digest);
        return key;
    }
}

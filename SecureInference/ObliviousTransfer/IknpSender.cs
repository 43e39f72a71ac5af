using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using PiToolkit.SecureInference.Garbling;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.ObliviousTransfer;

/// <summary>
/// OT extension, sender side: Ishai, Kilian, Nissim, Petrank (Crypto 2003), κ = 128, semi-honest,
/// with the correlation-robust hash from fixed-key AES (<see cref="TweakableHash"/>, tweak = OT index).
/// 128 Chou-Orlandi base OTs at setup (this side is their receiver), then any number of extended
/// OTs: chosen-message, correlated (x1 = x0 ⊕ Δ) and random.
/// </summary>
public sealed class IknpSender : IDisposable
{
    private readonly IChannel _channel;
    private readonly AesCtrPrg[] _prgs;
    private readonly bool[] _s;
    private Label _sLabel;
    private ulong _block;
    private ulong _otIndex;
    private int _disposed;
    private readonly byte[] _q = new byte[IknpExtension.Kappa * IknpExtension.ChunkOts / 8];
    private readonly byte[] _u = new byte[IknpExtension.Kappa * IknpExtension.ChunkOts / 8];
    private readonly byte[] _counters = new byte[IknpExtension.ChunkOts / 8];
    private readonly Vector128<byte>[] _rows0 = new Vector128<byte>[IknpExtension.ChunkOts];
    private readonly Vector128<byte>[] _rows1 = new Vector128<byte>[IknpExtension.ChunkOts];
    private readonly Vector128<byte>[] _y = new Vector128<byte>[2 * IknpExtension.ChunkOts];

    private IknpSender(IChannel channel, AesCtrPrg[] prgs, bool[] s, Label sLabel)
    {
        _channel = channel;
        _prgs = prgs;
        _s = s;
        _sLabel = sLabel;
    }

    /// <summary>Runs the base OTs with an <see cref="IknpReceiver"/> being set up on the other end.</summary>
    /// <exception cref="ProtocolException">The peer misbehaved on the wire.</exception>
    public static IknpSender Setup(IChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var sLabel = Label.Random();
        var s = new bool[IknpExtension.Kappa];
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = ((i < 64 ? sLabel.Low >> i : sLabel.High >> (i - 64)) & 1) != 0;
        }
        var keys = new Label[IknpExtension.Kappa];
        try
        {
            ChouOrlandiOt.ReceiveRandom(channel, s, keys);
            return new IknpSender(channel, [.. keys.Select(k => new AesCtrPrg(k))], s, sLabel);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(keys.AsSpan()));
        }
    }

    /// <summary>Number of extended OTs done so far (each uses its index as hash tweak).</summary>
    public ulong OtCount => _otIndex;

    /// <summary>Chosen-message OT: the receiver learns messages0[j] or messages1[j] by its choice bit.</summary>
    /// <exception cref="ProtocolException">The peer misbehaved on the wire.</exception>
    public void SendChosen(ReadOnlySpan<Label> messages0, ReadOnlySpan<Label> messages1)
    {
        if (messages0.Length != messages1.Length) throw new ArgumentException("One message pair per OT.", nameof(messages1));
        try
        {
            for (var offset = 0; offset < messages0.Length; offset += IknpExtension.ChunkOts)
            {
                var n = ExtendChunk(Math.Min(IknpExtension.ChunkOts, messages0.Length - offset));
                var y = _y.AsSpan(0, 2 * n);
                var m0 = MemoryMarshal.Cast<Label, Vector128<byte>>(messages0.Slice(offset, n));
                var m1 = MemoryMarshal.Cast<Label, Vector128<byte>>(messages1.Slice(offset, n));
                for (var j = 0; j < n; j++)
                {
                    y[2 * j] = m0[j] ^ _rows0[j];
                    y[2 * j + 1] = m1[j] ^ _rows1[j];
                }
                _channel.SendFrame<Vector128<byte>>(y);
                _channel.Flush();
            }
        }
        finally
        {
            // Wiped even when the peer breaks off mid-run: the rows are OT keys.
            Wipe();
        }
    }

    /// <summary>
    /// Correlated OT: fills <paramref name="messages0"/> with random x0; the receiver gets x0 when its
    /// choice is 0 and x0 ⊕ <paramref name="delta"/> when 1. With Δ the free-XOR offset, x0 are the
    /// zero labels of the evaluator's input wires.
    /// </summary>
    /// <exception cref="ProtocolException">The peer misbehaved on the wire.</exception>
    public void SendCorrelated(Label delta, Span<Label> messages0)
    {
        var d = delta.AsVector();
        try
        {
            for (var offset = 0; offset < messages0.Length; offset += IknpExtension.ChunkOts)
            {
                var n = ExtendChunk(Math.Min(IknpExtension.ChunkOts, messages0.Length - offset));
                var y = _y.AsSpan(0, n);
                var x0 = MemoryMarshal.Cast<Label, Vector128<byte>>(messages0.Slice(offset, n));
                for (var j = 0; j < n; j++)
                {
                    x0[j] = _rows0[j];
                    y[j] = _rows0[j] ^ _rows1[j] ^ d;
                }
                _channel.SendFrame<Vector128<byte>>(y);
                _channel.Flush();
            }
        }
        finally
        {
            // Wiped even when the peer breaks off mid-run: the rows are OT keys.
            Wipe();
        }
    }

    /// <summary>Random OT: fills both message arrays with random labels; no traffic beyond the extension matrix.</summary>
    /// <exception cref="ProtocolException">The peer misbehaved on the wire.</exception>
    public void SendRandom(Span<Label> messages0, Span<Label> messages1)
    {
        if (messages0.Length != messages1.Length) throw new ArgumentException("One message pair per OT.", nameof(messages1));
        try
        {
            for (var offset = 0; offset < messages0.Length; offset += IknpExtension.ChunkOts)
            {
                var n = ExtendChunk(Math.Min(IknpExtension.ChunkOts, messages0.Length - offset));
                MemoryMarshal.Cast<Vector128<byte>, Label>(_rows0.AsSpan(0, n)).CopyTo(messages0[offset..]);
                MemoryMarshal.Cast<Vector128<byte>, Label>(_rows1.AsSpan(0, n)).CopyTo(messages1[offset..]);
            }
        }
        finally
        {
            // Wiped even when the peer breaks off mid-run: the rows are OT keys.
            Wipe();
        }
    }

    /// <summary>Wipes the base-OT state.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        foreach (var prg in _prgs) prg.Dispose();
        Array.Clear(_s);
        _sLabel = default;
        Wipe();
    }

    /// <summary>
    /// One extension chunk of n ≤ <see cref="IknpExtension.ChunkOts"/> OTs: receives u, leaves
    /// H(j, q_j) in _rows0 and H(j, q_j ⊕ s) in _rows1 (buffers reused across chunks, wiped after each call).
    /// </summary>
    private int ExtendChunk(int n)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var padded = IknpExtension.Padded(n);
        var bytes = padded / 8;
        _channel.ReceiveFrame(_u.AsSpan(0, IknpExtension.Kappa * bytes));
        AesCtrPrg.FillCounters(_counters.AsSpan(0, bytes), _block);
        _block += (ulong)(bytes / 16);
        for (var i = 0; i < IknpExtension.Kappa; i++)
        {
            var column = _q.AsSpan(i * bytes, bytes);
            _prgs[i].Encrypt(_counters, column);
            if (_s[i])
            {
                IknpExtension.XorInto(column, _u.AsSpan(i * bytes, bytes));
            }
        }
        BitTransposer.Transpose(_q.AsSpan(0, IknpExtension.Kappa * bytes), padded, _rows0);
        var x0 = _rows0.AsSpan(0, n);
        var x1 = _rows1.AsSpan(0, n);
        var s = _sLabel.AsVector();
        for (var j = 0; j < n; j++)
        {
            x1[j] = x0[j] ^ s;
        }
        TweakableHash.HashMany(x0, _otIndex, 1, IknpExtension.HashDomain);
        TweakableHash.HashMany(x1, _otIndex, 1, IknpExtension.HashDomain);
        _otIndex += (ulong)padded;
        return n;
    }

    private void Wipe()
    {
        CryptographicOperations.ZeroMemory(_q);
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_rows0.AsSpan()));
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_rows1.AsSpan()));
    }
}

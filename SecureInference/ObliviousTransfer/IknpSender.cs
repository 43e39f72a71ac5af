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
    private bool _disposed;

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
        var m0 = messages0.ToArray();
        var m1 = messages1.ToArray();
        Run(messages0.Length, (offset, x0, x1) =>
        {
            var y = new Label[2 * x0.Length];
            for (var j = 0; j < x0.Length; j++)
            {
                y[2 * j] = m0[offset + j] ^ Label.FromVector(x0[j]);
                y[2 * j + 1] = m1[offset + j] ^ Label.FromVector(x1[j]);
            }
            _channel.SendFrame<Label>(y);
            _channel.Flush();
        });
    }

    /// <summary>
    /// Correlated OT: fills <paramref name="messages0"/> with random x0; the receiver gets x0 when its
    /// choice is 0 and x0 ⊕ <paramref name="delta"/> when 1. With Δ the free-XOR offset, x0 are the
    /// zero labels of the evaluator's input wires.
    /// </summary>
    /// <exception cref="ProtocolException">The peer misbehaved on the wire.</exception>
    public void SendCorrelated(Label delta, Span<Label> messages0)
    {
        var outputs = new Label[messages0.Length];
        Run(messages0.Length, (offset, x0, x1) =>
        {
            var y = new Label[x0.Length];
            for (var j = 0; j < x0.Length; j++)
            {
                var zero = Label.FromVector(x0[j]);
                outputs[offset + j] = zero;
                y[j] = zero ^ Label.FromVector(x1[j]) ^ delta;
            }
            _channel.SendFrame<Label>(y);
            _channel.Flush();
        });
        outputs.CopyTo(messages0);
    }

    /// <summary>Random OT: fills both message arrays with random labels; no traffic beyond the extension matrix.</summary>
    /// <exception cref="ProtocolException">The peer misbehaved on the wire.</exception>
    public void SendRandom(Span<Label> messages0, Span<Label> messages1)
    {
        if (messages0.Length != messages1.Length) throw new ArgumentException("One message pair per OT.", nameof(messages1));
        var r0 = new Label[messages0.Length];
        var r1 = new Label[messages0.Length];
        Run(messages0.Length, (offset, x0, x1) =>
        {
            MemoryMarshal.Cast<Vector128<byte>, Label>(x0).CopyTo(r0.AsSpan(offset));
            MemoryMarshal.Cast<Vector128<byte>, Label>(x1).CopyTo(r1.AsSpan(offset));
        });
        r0.CopyTo(messages0);
        r1.CopyTo(messages1);
    }

    /// <summary>Wipes the base-OT state.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var prg in _prgs) prg.Dispose();
        Array.Clear(_s);
        _sLabel = default;
    }

    private delegate void ChunkHandler(int offset, ReadOnlySpan<Vector128<byte>> x0, ReadOnlySpan<Vector128<byte>> x1);

    private void Run(int count, ChunkHandler handle)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var maxPadded = IknpExtension.Padded(Math.Min(count, IknpExtension.ChunkOts));
        var q = new byte[IknpExtension.Kappa * maxPadded / 8];
        var u = new byte[q.Length];
        var counters = new byte[maxPadded / 8];
        var rows0 = new Vector128<byte>[maxPadded];
        var rows1 = new Vector128<byte>[maxPadded];
        var s = _sLabel.AsVector();
        try
        {
            for (var offset = 0; offset < count; offset += IknpExtension.ChunkOts)
            {
                var n = Math.Min(IknpExtension.ChunkOts, count - offset);
                var padded = IknpExtension.Padded(n);
                var bytes = padded / 8;
                _channel.ReceiveFrame(u.AsSpan(0, IknpExtension.Kappa * bytes));
                AesCtrPrg.FillCounters(counters.AsSpan(0, bytes), _block);
                _block += (ulong)(bytes / 16);
                for (var i = 0; i < IknpExtension.Kappa; i++)
                {
                    var column = q.AsSpan(i * bytes, bytes);
                    _prgs[i].Encrypt(counters, column);
                    if (_s[i])
                    {
                        IknpExtension.XorInto(column, u.AsSpan(i * bytes, bytes));
                    }
                }
                BitTransposer.Transpose(q.AsSpan(0, IknpExtension.Kappa * bytes), padded, rows0);
                var x0 = rows0.AsSpan(0, n);
                var x1 = rows1.AsSpan(0, n);
                for (var j = 0; j < n; j++)
                {
                    x1[j] = x0[j] ^ s;
                }
                TweakableHash.HashMany(x0, _otIndex, 1, IknpExtension.HashDomain);
                TweakableHash.HashMany(x1, _otIndex, 1, IknpExtension.HashDomain);
                _otIndex += (ulong)padded;
                handle(offset, x0, x1);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(q);
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(rows0.AsSpan()));
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(rows1.AsSpan()));
        }
    }
}

using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using PiToolkit.SecureInference.Garbling;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.ObliviousTransfer;

/// <summary>
/// OT extension, receiver side (IKNP 2003, κ = 128); see <see cref="IknpSender"/>. This side is the
/// sender of the 128 Chou-Orlandi base OTs at setup.
/// </summary>
public sealed class IknpReceiver : IDisposable
{
    private readonly IChannel _channel;
    private readonly AesCtrPrg[] _prgs0;
    private readonly AesCtrPrg[] _prgs1;
    private ulong _block;
    private ulong _otIndex;
    private bool _disposed;

    private IknpReceiver(IChannel channel, AesCtrPrg[] prgs0, AesCtrPrg[] prgs1)
    {
        _channel = channel;
        _prgs0 = prgs0;
        _prgs1 = prgs1;
    }

    /// <summary>Runs the base OTs with an <see cref="IknpSender"/> being set up on the other end.</summary>
    /// <exception cref="ProtocolException">The peer misbehaved on the wire.</exception>
    public static IknpReceiver Setup(IChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var keys0 = new Label[IknpExtension.Kappa];
        var keys1 = new Label[IknpExtension.Kappa];
        try
        {
            ChouOrlandiOt.SendRandom(channel, keys0, keys1);
            return new IknpReceiver(channel, [.. keys0.Select(k => new AesCtrPrg(k))], [.. keys1.Select(k => new AesCtrPrg(k))]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(keys0.AsSpan()));
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(keys1.AsSpan()));
        }
    }

    /// <summary>Number of extended OTs done so far.</summary>
    public ulong OtCount => _otIndex;

    /// <summary>Chosen-message OT: messages[j] = the sender's message for choices[j].</summary>
    /// <exception cref="ProtocolException">The peer misbehaved on the wire.</exception>
    public void ReceiveChosen(ReadOnlySpan<bool> choices, Span<Label> messages)
    {
        if (choices.Length != messages.Length) throw new ArgumentException("One message per choice.", nameof(messages));
        var c = choices.ToArray();
        var results = new Label[c.Length];
        Run(c, (offset, h) =>
        {
            var y = new Label[2 * h.Length];
            _channel.ReceiveFrame<Label>(y);
            for (var j = 0; j < h.Length; j++)
            {
                results[offset + j] = Label.FromVector(h[j]) ^ y[2 * j + (c[offset + j] ? 1 : 0)];
            }
        });
        results.CopyTo(messages);
    }

    /// <summary>Correlated OT: messages[j] = x0 ⊕ choices[j]·Δ for the sender's x0 and Δ.</summary>
    /// <exception cref="ProtocolException">The peer misbehaved on the wire.</exception>
    public void ReceiveCorrelated(ReadOnlySpan<bool> choices, Span<Label> messages)
    {
        if (choices.Length != messages.Length) throw new ArgumentException("One message per choice.", nameof(messages));
        var c = choices.ToArray();
        var results = new Label[c.Length];
        Run(c, (offset, h) =>
        {
            var y = new Label[h.Length];
            _channel.ReceiveFrame<Label>(y);
            for (var j = 0; j < h.Length; j++)
            {
                var label = Label.FromVector(h[j]);
                results[offset + j] = c[offset + j] ? label ^ y[j] : label;
            }
        });
        results.CopyTo(messages);
    }

    /// <summary>Random OT: messages[j] = the sender's random message for choices[j].</summary>
    /// <exception cref="ProtocolException">The peer misbehaved on the wire.</exception>
    public void ReceiveRandom(ReadOnlySpan<bool> choices, Span<Label> messages)
    {
        if (choices.Length != messages.Length) throw new ArgumentException("One message per choice.", nameof(messages));
        var results = new Label[choices.Length];
        Run(choices.ToArray(), (offset, h) => MemoryMarshal.Cast<Vector128<byte>, Label>(h).CopyTo(results.AsSpan(offset)));
        results.CopyTo(messages);
    }

    /// <summary>Releases the PRG keys.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var prg in _prgs0) prg.Dispose();
        foreach (var prg in _prgs1) prg.Dispose();
    }

    private delegate void ChunkHandler(int offset, ReadOnlySpan<Vector128<byte>> hashed);

    private void Run(bool[] choices, ChunkHandler handle)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var count = choices.Length;
        var maxPadded = IknpExtension.Padded(Math.Min(count, IknpExtension.ChunkOts));
        var t = new byte[IknpExtension.Kappa * maxPadded / 8];
        var u = new byte[t.Length];
        var r = new byte[maxPadded / 8];
        var counters = new byte[maxPadded / 8];
        var rows = new Vector128<byte>[maxPadded];
        try
        {
            for (var offset = 0; offset < count; offset += IknpExtension.ChunkOts)
            {
                var n = Math.Min(IknpExtension.ChunkOts, count - offset);
                var padded = IknpExtension.Padded(n);
                var bytes = padded / 8;
                IknpExtension.Pack(choices.AsSpan(offset, n), r.AsSpan(0, bytes));
                AesCtrPrg.FillCounters(counters.AsSpan(0, bytes), _block);
                _block += (ulong)(bytes / 16);
                for (var i = 0; i < IknpExtension.Kappa; i++)
                {
                    var ti = t.AsSpan(i * bytes, bytes);
                    var ui = u.AsSpan(i * bytes, bytes);
                    _prgs0[i].Encrypt(counters, ti);
                    _prgs1[i].Encrypt(counters, ui);
                    IknpExtension.XorInto(ui, ti);
                    IknpExtension.XorInto(ui, r.AsSpan(0, bytes));
                }
                _channel.SendFrame(u.AsSpan(0, IknpExtension.Kappa * bytes));
                _channel.Flush();
                BitTransposer.Transpose(t.AsSpan(0, IknpExtension.Kappa * bytes), padded, rows);
                var h = rows.AsSpan(0, n);
                TweakableHash.HashMany(h, _otIndex, 1, IknpExtension.HashDomain);
                _otIndex += (ulong)padded;
                handle(offset, h);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(t);
            CryptographicOperations.ZeroMemory(r);
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(rows.AsSpan()));
        }
    }
}

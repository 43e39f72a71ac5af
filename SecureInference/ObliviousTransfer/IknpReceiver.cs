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
    private int _disposed;
    private readonly byte[] _t = new byte[IknpExtension.Kappa * IknpExtension.ChunkOts / 8];
    private readonly byte[] _u = new byte[IknpExtension.Kappa * IknpExtension.ChunkOts / 8];
    private readonly byte[] _r = new byte[IknpExtension.ChunkOts / 8];
    private readonly byte[] _counters = new byte[IknpExtension.ChunkOts / 8];
    private readonly Vector128<byte>[][] _rows = [new Vector128<byte>[IknpExtension.ChunkOts], new Vector128<byte>[IknpExtension.ChunkOts]];
    private readonly Vector128<byte>[] _y = new Vector128<byte>[2 * IknpExtension.ChunkOts];

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
    public void ReceiveChosen(ReadOnlySpan<bool> choices, Span<Label> messages) => Run(choices, messages, Mode.Chosen);

    /// <summary>Correlated OT: messages[j] = x0 ⊕ choices[j]·Δ for the sender's x0 and Δ.</summary>
    /// <exception cref="ProtocolException">The peer misbehaved on the wire.</exception>
    public void ReceiveCorrelated(ReadOnlySpan<bool> choices, Span<Label> messages) => Run(choices, messages, Mode.Correlated);

    /// <summary>Random OT: messages[j] = the sender's random message for choices[j].</summary>
    /// <exception cref="ProtocolException">The peer misbehaved on the wire.</exception>
    public void ReceiveRandom(ReadOnlySpan<bool> choices, Span<Label> messages) => Run(choices, messages, Mode.Random);

    /// <summary>Releases the PRG keys and wipes every buffer that held choice bits or OT keys.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        foreach (var prg in _prgs0) prg.Dispose();
        foreach (var prg in _prgs1) prg.Dispose();
        WipeBuffers();
    }

    /// <summary>Every buffer that can hold choice bits (packed, or masked by the PRG streams) or keys; for tests of the wiping.</summary>
    internal IEnumerable<byte[]> SecretBuffersForTests() =>
        [_t, _u, _r, MemoryMarshal.AsBytes(_rows[0].AsSpan()).ToArray(), MemoryMarshal.AsBytes(_rows[1].AsSpan()).ToArray()];

    // _r is the packed choice bits and _t the receiver's PRG stream for k0; _u = G(k0) ⊕ G(k1) ⊕ r
    // went to the peer, but together with _t it gives r back; _rows are the hashed keys.
    private void WipeBuffers()
    {
        CryptographicOperations.ZeroMemory(_t);
        CryptographicOperations.ZeroMemory(_u);
        CryptographicOperations.ZeroMemory(_r);
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_rows[0].AsSpan()));
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_rows[1].AsSpan()));
    }

    private enum Mode
    {
        Chosen,
        Correlated,
        Random,
    }

    /// <summary>
    /// Pipelined by one chunk: u of chunk c goes out before the sender's answer for chunk c − 1 is
    /// read, so both parties compute at the same time.
    /// </summary>
    private void Run(ReadOnlySpan<bool> choices, Span<Label> messages, Mode mode)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (choices.Length != messages.Length) throw new ArgumentException("One message per choice.", nameof(messages));
        var previous = (Offset: 0, N: 0, Buffer: -1);
        try
        {
            for (var offset = 0; offset < choices.Length; offset += IknpExtension.ChunkOts)
            {
                var n = Math.Min(IknpExtension.ChunkOts, choices.Length - offset);
                var buffer = (offset / IknpExtension.ChunkOts) & 1;
                SendColumns(choices.Slice(offset, n), buffer);
                if (previous.Buffer >= 0)
                {
                    Finish(choices, messages, mode, previous.Offset, previous.N, previous.Buffer);
                }
                previous = (offset, n, buffer);
            }
            if (previous.Buffer >= 0)
            {
                Finish(choices, messages, mode, previous.Offset, previous.N, previous.Buffer);
            }
        }
        finally
        {
            WipeBuffers();
        }
    }

    /// <summary>Sends u = G(k0) ⊕ G(k1) ⊕ r for one chunk, then leaves H(j, t_j) in _rows[buffer].</summary>
    private void SendColumns(ReadOnlySpan<bool> choices, int buffer)
    {
        var n = choices.Length;
        var padded = IknpExtension.Padded(n);
        var bytes = padded / 8;
        IknpExtension.Pack(choices, _r.AsSpan(0, bytes));
        AesCtrPrg.FillCounters(_counters.AsSpan(0, bytes), _block);
        _block += (ulong)(bytes / 16);
        for (var i = 0; i < IknpExtension.Kappa; i++)
        {
            var ti = _t.AsSpan(i * bytes, bytes);
            var ui = _u.AsSpan(i * bytes, bytes);
            _prgs0[i].Encrypt(_counters, ti);
            _prgs1[i].Encrypt(_counters, ui);
            IknpExtension.XorInto(ui, ti);
            IknpExtension.XorInto(ui, _r.AsSpan(0, bytes));
        }
        _channel.SendFrame(_u.AsSpan(0, IknpExtension.Kappa * bytes));
        _channel.Flush();
        var rows = _rows[buffer];
        BitTransposer.Transpose(_t.AsSpan(0, IknpExtension.Kappa * bytes), padded, rows);
        TweakableHash.HashMany(rows.AsSpan(0, n), _otIndex, 1, IknpExtension.HashDomain);
        _otIndex += (ulong)padded;
    }

    private void Finish(ReadOnlySpan<bool> choices, Span<Label> messages, Mode mode, int offset, int n, int buffer)
    {
        var h = _rows[buffer].AsSpan(0, n);
        var output = MemoryMarshal.Cast<Label, Vector128<byte>>(messages.Slice(offset, n));
        var c = choices.Slice(offset, n);
        switch (mode)
        {
            case Mode.Random:
                h.CopyTo(output);
                break;
            case Mode.Correlated:
            {
                var y = _y.AsSpan(0, n);
                _channel.ReceiveFrame<Vector128<byte>>(y);
                for (var j = 0; j < n; j++)
                {
                    output[j] = c[j] ? h[j] ^ y[j] : h[j];
                }
                break;
            }
            default:
            {
                var y = _y.AsSpan(0, 2 * n);
                _channel.ReceiveFrame<Vector128<byte>>(y);
                for (var j = 0; j < n; j++)
                {
                    output[j] = h[j] ^ y[2 * j + (c[j] ? 1 : 0)];
                }
                break;
            }
        }
    }
}

using System.Runtime.InteropServices;
using System.Security.Cryptography;
using PiToolkit.SecureInference.Circuits;
using PiToolkit.SecureInference.ObliviousTransfer;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Garbling;

/// <summary>
/// Garbler (server) side of batched ReLU / truncation on additive shares mod p: for N values with the
/// evaluator's shares a, the garbler's shares b and masks r, the evaluator ends with
/// (f(a + b mod p) − r) mod p and learns nothing else. Per chunk of <see cref="ChunkSize"/> values:
/// correlated IKNP OTs give the zero labels of the evaluator's input bits (Δ = the free-XOR offset),
/// the garbler sends the half-gates tables of a lock-step batch, the arithmetic-output corrections
/// and masks, and finally its active input labels, the only part that depends on b.
/// </summary>
/// <remarks>
/// <see cref="Run"/> streams chunk by chunk (only one chunk in memory on either side).
/// <see cref="Prepare"/> + <see cref="Complete"/> split the same protocol into Delphi's offline
/// phase (everything but b) and online phase (the labels of b). Semi-honest security.
/// </remarks>
public sealed class ShareCircuitGarbler : IDisposable
{
    /// <summary>Values per chunk (one garbled batch and one OT round trip).</summary>
    public const int ChunkSize = 2048;

    private readonly IChannel _channel;
    private readonly ShareCircuit _circuit;
    private readonly IknpSender _ot;
    private readonly Label[] _tables;
    private readonly Label[] _wires;
    private Label _delta = Label.RandomDelta();
    private ulong _gateTweak;
    private ulong _outputTweak;
    private int _disposed;

    /// <summary>Runs the OT base phase with a <see cref="ShareCircuitEvaluator"/> on the other end.</summary>
    /// <exception cref="ProtocolException">The peer misbehaved on the wire.</exception>
    public ShareCircuitGarbler(IChannel channel, ShareCircuit circuit)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(circuit);
        _channel = channel;
        _circuit = circuit;
        _ot = IknpSender.Setup(channel);
        _tables = new Label[HalfGates.TableLength(circuit.Circuit, 0, circuit.Circuit.GateCount, ChunkSize)];
        _wires = new Label[circuit.Circuit.WireCount * ChunkSize];
    }

    /// <summary>The circuit both sides run.</summary>
    public ShareCircuit Circuit => _circuit;

    /// <summary>
    /// Runs the batch in one go, streaming: <paramref name="shares"/>[i] is b_i, <paramref name="masks"/>[i] is r_i (both &lt; p).
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length or a value is not below p.</exception>
    /// <exception cref="ProtocolException">The peer misbehaved on the wire.</exception>
    public void Run(ReadOnlySpan<ulong> shares, ReadOnlySpan<ulong> masks)
    {
        if (shares.Length != masks.Length) throw new ArgumentException("One mask per share.", nameof(masks));
        _circuit.Field.CheckResidues(shares, nameof(shares));
        using var prepared = Begin(masks);
        for (var offset = 0; offset < masks.Length; offset += ChunkSize)
        {
            var n = Math.Min(ChunkSize, masks.Length - offset);
            GarbleChunk(prepared, offset, masks.Slice(offset, n));
            SendInputLabels(prepared, offset, shares.Slice(offset, n));
        }
    }

    /// <summary>
    /// Offline phase: OTs, tables, corrections and masks for <paramref name="masks"/>.Length values;
    /// the garbler's shares are not needed yet.
    /// </summary>
    /// <exception cref="ArgumentException">A mask is not below p.</exception>
    /// <exception cref="ProtocolException">The peer misbehaved on the wire.</exception>
    public PreparedGarbling Prepare(ReadOnlySpan<ulong> masks)
    {
        var prepared = Begin(masks);
        for (var offset = 0; offset < masks.Length; offset += ChunkSize)
        {
            GarbleChunk(prepared, offset, masks.Slice(offset, Math.Min(ChunkSize, masks.Length - offset)));
        }
        return prepared;
    }

    /// <summary>Online phase: sends the labels of the garbler's shares for a prepared batch (once).</summary>
    /// <exception cref="ArgumentException">Wrong number of shares or a share not below p.</exception>
    /// <exception cref="InvalidOperationException">The batch was already completed or disposed.</exception>
    public void Complete(PreparedGarbling prepared, ReadOnlySpan<ulong> shares)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (shares.Length != prepared.Count) throw new ArgumentException($"The batch holds {prepared.Count} values.", nameof(shares));
        _circuit.Field.CheckResidues(shares, nameof(shares));
        if (!prepared.TryComplete()) throw new InvalidOperationException("This batch was already completed or disposed.");
        try
        {
            for (var offset = 0; offset < shares.Length; offset += ChunkSize)
            {
                SendInputLabels(prepared, offset, shares.Slice(offset, Math.Min(ChunkSize, shares.Length - offset)));
            }
        }
        finally
        {
            prepared.Dispose();
        }
    }

    /// <summary>
    /// Max of two shared values (max pooling), garbler side: the evaluator ends with
    /// (max(x1, x2) − r) mod p, using max(x1, x2) = x2 + ReLU(x1 − x2) on this party's circuit, which
    /// must be a ReLU without truncation. Exact while |x1 − x2| ≤ (p − 1)/2 as signed values (always
    /// for values of magnitude below p/4).
    /// </summary>
    /// <exception cref="InvalidOperationException">The circuit is not <see cref="ShareCircuit.Relu"/> with f = 0.</exception>
    /// <exception cref="ArgumentException">The spans differ in length or a value is not below p.</exception>
    /// <exception cref="ProtocolException">The peer misbehaved on the wire.</exception>
    public void RunMax(ReadOnlySpan<ulong> shares1, ReadOnlySpan<ulong> shares2, ReadOnlySpan<ulong> masks)
    {
        _circuit.CheckMaxArguments(shares1, shares2, masks.Length, nameof(masks));
        _circuit.Field.CheckResidues(masks, nameof(masks));
        var field = _circuit.Field;
        var difference = new ulong[shares1.Length];
        var shiftedMasks = new ulong[shares1.Length];
        for (var i = 0; i < difference.Length; i++)
        {
            difference[i] = field.Sub(shares1[i], shares2[i]);
            // The evaluator adds its share of x2 afterwards; the garbler's share of x2 moves into the mask.
            shiftedMasks[i] = field.Sub(masks[i], shares2[i]);
        }
        Run(difference, shiftedMasks);
    }

    /// <summary>Wipes Δ and releases the OT state.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _delta = default;
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_wires.AsSpan()));
        _ot.Dispose();
    }

    private PreparedGarbling Begin(ReadOnlySpan<ulong> masks)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        _circuit.Field.CheckResidues(masks, nameof(masks));
        _channel.SendFrame<long>([masks.Length]);
        _channel.Flush();
        return new PreparedGarbling(masks.Length, new AesCtrPrg(Label.Random()), 0);
    }

    private void GarbleChunk(PreparedGarbling prepared, int offset, ReadOnlySpan<ulong> masks)
    {
        var circuit = _circuit.Circuit;
        var n = masks.Length;
        var ell = _circuit.ShareBits;
        var wires = _wires.AsSpan(0, circuit.WireCount * n);
        try
        {
            _ot.SendCorrelated(_delta, wires[..(ell * n)]);
            DeriveInputLabels(prepared, offset, wires.Slice(ell * n, circuit.InputWidths[1] * n));
            var tables = _tables.AsSpan(0, HalfGates.TableLength(circuit, 0, circuit.GateCount, n));
            HalfGates.GarbleBatch(circuit, 0, circuit.GateCount, n, wires, _delta, _gateTweak, tables);
            _gateTweak += HalfGates.TweaksUsed(circuit, n);
            var corrections = new ulong[_circuit.Outputs.Length * n];
            var deltas = new ulong[n];
            ArithmeticOutputs.Garble(_circuit, n, wires, _delta, _outputTweak, masks, corrections, deltas);
            _outputTweak += (ulong)corrections.Length;
            _channel.SendFrame<Label>(tables);
            _channel.SendFrame<ulong>(corrections);
            _channel.SendFrame<ulong>(deltas);
            _channel.Flush();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(wires));
        }
    }

    private void SendInputLabels(PreparedGarbling prepared, int offset, ReadOnlySpan<ulong> shares)
    {
        var n = shares.Length;
        var wordBits = _circuit.Circuit.InputWidths[1];
        var labels = new Label[wordBits * n];
        try
        {
            DeriveInputLabels(prepared, offset, labels);
            for (var j = 0; j < n; j++)
            {
                var word = _circuit.GarblerWord(shares[j]);
                for (var i = 0; i < wordBits; i++)
                {
                    if (((word >> i) & 1) != 0)
                    {
                        labels[i * n + j] ^= _delta;
                    }
                }
            }
            _channel.SendFrame<Label>(labels);
            _channel.Flush();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(labels.AsSpan()));
        }
    }

    /// <summary>Zero labels of the garbler's input wires for the chunk at <paramref name="offset"/>, re-derivable from the batch's PRG key.</summary>
    private void DeriveInputLabels(PreparedGarbling prepared, int offset, Span<Label> destination)
    {
        var bytes = MemoryMarshal.AsBytes(destination);
        var counters = new byte[bytes.Length];
        AesCtrPrg.FillCounters(counters, prepared.FirstBlock + (ulong)offset * (ulong)_circuit.Circuit.InputWidths[1]);
        prepared.InputLabels.Encrypt(counters, bytes);
    }
}

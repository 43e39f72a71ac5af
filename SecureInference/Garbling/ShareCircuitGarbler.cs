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
/// then the garbler sends its active input labels, the half-gates tables of a lock-step batch and
/// the arithmetic-output corrections. Only one chunk is ever held in memory.
/// </summary>
/// <remarks>Semi-honest security, like the Delphi protocol it serves.</remarks>
public sealed class ShareCircuitGarbler : IDisposable
{
    /// <summary>Values per chunk (one garbled batch and one OT round trip).</summary>
    public const int ChunkSize = 2048;

    private readonly IChannel _channel;
    private readonly ShareCircuit _circuit;
    private readonly IknpSender _ot;
    private readonly Label[] _tables;
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
    }

    /// <summary>The circuit both sides run.</summary>
    public ShareCircuit Circuit => _circuit;

    /// <summary>
    /// Runs the batch: <paramref name="shares"/>[i] is b_i, <paramref name="masks"/>[i] is r_i (both &lt; p).
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length or a value is not below p.</exception>
    /// <exception cref="ProtocolException">The peer misbehaved on the wire.</exception>
    public void Run(ReadOnlySpan<ulong> shares, ReadOnlySpan<ulong> masks)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (shares.Length != masks.Length) throw new ArgumentException("One mask per share.", nameof(masks));
        _circuit.CheckResidues(masks, nameof(masks));
        _circuit.CheckResidues(shares, nameof(shares));
        _channel.SendFrame<long>([shares.Length]);
        _channel.Flush();
        var circuit = _circuit.Circuit;
        var ell = _circuit.ShareBits;
        var wordBits = circuit.InputWidths[1];
        var labels = new Label[circuit.WireCount * Math.Min(ChunkSize, Math.Max(1, shares.Length))];
        try
        {
            for (var offset = 0; offset < shares.Length; offset += ChunkSize)
            {
                var n = Math.Min(ChunkSize, shares.Length - offset);
                var wires = labels.AsSpan(0, circuit.WireCount * n);
                _ot.SendCorrelated(_delta, wires[..(ell * n)]);
                var garblerWires = wires.Slice(ell * n, wordBits * n);
                RandomNumberGenerator.Fill(MemoryMarshal.AsBytes(garblerWires));
                var active = new Label[wordBits * n];
                for (var j = 0; j < n; j++)
                {
                    var word = _circuit.GarblerWord(shares[offset + j]);
                    for (var i = 0; i < wordBits; i++)
                    {
                        var zero = garblerWires[i * n + j];
                        active[i * n + j] = ((word >> i) & 1) != 0 ? zero ^ _delta : zero;
                    }
                }
                var tables = _tables.AsSpan(0, HalfGates.TableLength(circuit, 0, circuit.GateCount, n));
                HalfGates.GarbleBatch(circuit, 0, circuit.GateCount, n, wires, _delta, _gateTweak, tables);
                _gateTweak += HalfGates.TweaksUsed(circuit, n);
                var corrections = new ulong[_circuit.Outputs.Length * n];
                var deltas = new ulong[n];
                ArithmeticOutputs.Garble(_circuit, n, wires, _delta, _outputTweak, masks.Slice(offset, n), corrections, deltas);
                _outputTweak += (ulong)corrections.Length;
                _channel.SendFrame<Label>(active);
                _channel.SendFrame<Label>(tables);
                _channel.SendFrame<ulong>(corrections);
                _channel.SendFrame<ulong>(deltas);
                _channel.Flush();
                CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(active.AsSpan()));
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(labels.AsSpan()));
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
        if (_circuit.Name != "relu" || _circuit.FractionalBits != 0)
        {
            throw new InvalidOperationException("Max needs a ReLU circuit without truncation.");
        }
        if (shares1.Length != shares2.Length || shares1.Length != masks.Length)
        {
            throw new ArgumentException("Both share arrays and the masks must have the same length.", nameof(masks));
        }
        _circuit.CheckResidues(shares1, nameof(shares1));
        _circuit.CheckResidues(shares2, nameof(shares2));
        _circuit.CheckResidues(masks, nameof(masks));
        var p = _circuit.Modulus;
        var difference = new ulong[shares1.Length];
        var shiftedMasks = new ulong[shares1.Length];
        for (var i = 0; i < difference.Length; i++)
        {
            difference[i] = (shares1[i] + p - shares2[i]) % p;
            // The evaluator adds its share of x2 afterwards; the garbler's share of x2 moves into the mask.
            shiftedMasks[i] = (masks[i] + p - shares2[i]) % p;
        }
        Run(difference, shiftedMasks);
    }

    /// <summary>Wipes Δ and releases the OT state.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _delta = default;
        _ot.Dispose();
    }
}

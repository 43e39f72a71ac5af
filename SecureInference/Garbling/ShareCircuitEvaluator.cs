using System.Runtime.InteropServices;
using System.Security.Cryptography;
using PiToolkit.SecureInference.Circuits;
using PiToolkit.SecureInference.ObliviousTransfer;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Garbling;

/// <summary>
/// Evaluator (client) side of <see cref="ShareCircuitGarbler"/>: obtains its input labels by OT,
/// evaluates each garbled chunk as it arrives and returns (f(a + b mod p) − r) mod p per value.
/// </summary>
public sealed class ShareCircuitEvaluator : IDisposable
{
    private readonly IChannel _channel;
    private readonly ShareCircuit _circuit;
    private readonly IknpReceiver _ot;
    private readonly Label[] _tables;
    private ulong _gateTweak;
    private ulong _outputTweak;
    private int _disposed;

    /// <summary>Runs the OT base phase with a <see cref="ShareCircuitGarbler"/> on the other end.</summary>
    /// <exception cref="ProtocolException">The peer misbehaved on the wire.</exception>
    public ShareCircuitEvaluator(IChannel channel, ShareCircuit circuit)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(circuit);
        _channel = channel;
        _circuit = circuit;
        _ot = IknpReceiver.Setup(channel);
        _tables = new Label[HalfGates.TableLength(circuit.Circuit, 0, circuit.Circuit.GateCount, ShareCircuitGarbler.ChunkSize)];
    }

    /// <summary>The circuit both sides run.</summary>
    public ShareCircuit Circuit => _circuit;

    /// <summary>Runs the batch: <paramref name="shares"/>[i] is a_i; <paramref name="results"/>[i] receives the output share.</summary>
    /// <exception cref="ArgumentException">The spans differ in length or a share is not below p.</exception>
    /// <exception cref="ProtocolException">The garbler announced another batch size or sent malformed frames.</exception>
    public void Run(ReadOnlySpan<ulong> shares, Span<ulong> results)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (shares.Length != results.Length) throw new ArgumentException("One result per share.", nameof(results));
        _circuit.CheckResidues(shares, nameof(shares));
        Span<long> announced = stackalloc long[1];
        _channel.ReceiveFrame(announced);
        if (announced[0] != shares.Length)
        {
            throw new ProtocolException($"The garbler announced {announced[0]} values; this side has {shares.Length}.");
        }
        var circuit = _circuit.Circuit;
        var ell = _circuit.ShareBits;
        var wordBits = circuit.InputWidths[1];
        var chunk = ShareCircuitGarbler.ChunkSize;
        var labels = new Label[circuit.WireCount * Math.Min(chunk, Math.Max(1, shares.Length))];
        try
        {
            for (var offset = 0; offset < shares.Length; offset += chunk)
            {
                var n = Math.Min(chunk, shares.Length - offset);
                var wires = labels.AsSpan(0, circuit.WireCount * n);
                var choices = new bool[ell * n];
                for (var j = 0; j < n; j++)
                {
                    for (var i = 0; i < ell; i++)
                    {
                        choices[i * n + j] = ((shares[offset + j] >> i) & 1) != 0;
                    }
                }
                _ot.ReceiveCorrelated(choices, wires[..(ell * n)]);
                Array.Clear(choices);
                _channel.ReceiveFrame(wires.Slice(ell * n, wordBits * n));
                var tables = _tables.AsSpan(0, HalfGates.TableLength(circuit, 0, circuit.GateCount, n));
                _channel.ReceiveFrame(tables);
                var corrections = new ulong[_circuit.Outputs.Length * n];
                _channel.ReceiveFrame<ulong>(corrections);
                var deltas = new ulong[n];
                _channel.ReceiveFrame<ulong>(deltas);
                HalfGates.EvaluateBatch(circuit, 0, circuit.GateCount, n, wires, _gateTweak, tables);
                _gateTweak += HalfGates.TweaksUsed(circuit, n);
                ArithmeticOutputs.Evaluate(_circuit, n, wires, _outputTweak, corrections, deltas, results.Slice(offset, n));
                _outputTweak += (ulong)corrections.Length;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(labels.AsSpan()));
        }
    }

    /// <summary>Releases the OT state.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _ot.Dispose();
    }
}

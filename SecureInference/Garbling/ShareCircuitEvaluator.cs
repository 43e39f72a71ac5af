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
        var perChunk = Math.Min(chunk, Math.Max(1, shares.Length));
        var tableLength = HalfGates.TableLength(circuit, 0, circuit.GateCount, perChunk);
        // Two sets of buffers: chunk c is evaluated on a worker while this thread already runs the
        // OT for chunk c + 1 (and the garbler garbles it), so the parties overlap instead of taking turns.
        var buffers = new[] { new ChunkBuffers(circuit.WireCount * perChunk, tableLength, _circuit.Outputs.Length * perChunk, perChunk), default };
        Task? pending = null;
        var pendingOffset = 0;
        try
        {
            for (var offset = 0; offset < shares.Length; offset += chunk)
            {
                var n = Math.Min(chunk, shares.Length - offset);
                var index = (offset / chunk) & 1;
                if (buffers[index].Labels is null)
                {
                    buffers[index] = new ChunkBuffers(circuit.WireCount * perChunk, tableLength, _circuit.Outputs.Length * perChunk, perChunk);
                }
                var b = buffers[index];
                var wires = b.Labels.AsSpan(0, circuit.WireCount * n);
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
                _channel.ReceiveFrame(b.Tables.AsSpan(0, HalfGates.TableLength(circuit, 0, circuit.GateCount, n)));
                _channel.ReceiveFrame(b.Corrections.AsSpan(0, _circuit.Outputs.Length * n));
                _channel.ReceiveFrame(b.Deltas.AsSpan(0, n));
                if (pending is not null)
                {
                    pending.GetAwaiter().GetResult();
                    buffers[index ^ 1].Results.AsSpan(0, Math.Min(chunk, shares.Length - pendingOffset)).CopyTo(results[pendingOffset..]);
                }
                var (gateTweak, outputTweak) = (_gateTweak, _outputTweak);
                _gateTweak += HalfGates.TweaksUsed(circuit, n);
                _outputTweak += (ulong)(_circuit.Outputs.Length * n);
                pending = Task.Run(() => b.Evaluate(_circuit, n, gateTweak, outputTweak));
                pendingOffset = offset;
            }
            if (pending is not null)
            {
                pending.GetAwaiter().GetResult();
                var last = ((pendingOffset / chunk) & 1);
                buffers[last].Results.AsSpan(0, shares.Length - pendingOffset).CopyTo(results[pendingOffset..]);
                pending = null;
            }
        }
        finally
        {
            // A failed chunk must not leave a worker touching buffers being wiped.
            try
            {
                pending?.Wait();
            }
            catch (AggregateException)
            {
                // The original failure is already propagating.
            }
            foreach (var b in buffers)
            {
                if (b.Labels is not null) CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(b.Labels.AsSpan()));
            }
        }
    }

    /// <summary>
    /// Max of two shared values, evaluator side (see <see cref="ShareCircuitGarbler.RunMax"/>):
    /// results[i] = (max(x1_i, x2_i) − r_i) mod p.
    /// </summary>
    /// <exception cref="InvalidOperationException">The circuit is not a ReLU with f = 0.</exception>
    /// <exception cref="ArgumentException">The spans differ in length or a share is not below p.</exception>
    /// <exception cref="ProtocolException">The garbler misbehaved on the wire.</exception>
    public void RunMax(ReadOnlySpan<ulong> shares1, ReadOnlySpan<ulong> shares2, Span<ulong> results)
    {
        if (_circuit.Name != "relu" || _circuit.FractionalBits != 0)
        {
            throw new InvalidOperationException("Max needs a ReLU circuit without truncation.");
        }
        if (shares1.Length != shares2.Length || shares1.Length != results.Length)
        {
            throw new ArgumentException("Both share arrays and the results must have the same length.", nameof(results));
        }
        _circuit.CheckResidues(shares1, nameof(shares1));
        _circuit.CheckResidues(shares2, nameof(shares2));
        var p = _circuit.Modulus;
        var difference = new ulong[shares1.Length];
        for (var i = 0; i < difference.Length; i++)
        {
            difference[i] = (shares1[i] + p - shares2[i]) % p;
        }
        Run(difference, results);
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = (results[i] + shares2[i]) % p;
        }
    }

    /// <summary>One chunk's received material and its evaluation.</summary>
    private readonly record struct ChunkBuffers(Label[] Labels, Label[] Tables, ulong[] Corrections, ulong[] Deltas, ulong[] Results)
    {
        public ChunkBuffers(int labels, int tables, int corrections, int values)
            : this(new Label[labels], new Label[tables], new ulong[corrections], new ulong[values], new ulong[values])
        {
        }

        public void Evaluate(ShareCircuit circuit, int n, ulong gateTweak, ulong outputTweak)
        {
            var c = circuit.Circuit;
            var wires = Labels.AsSpan(0, c.WireCount * n);
            HalfGates.EvaluateBatch(c, 0, c.GateCount, n, wires, gateTweak, Tables.AsSpan(0, HalfGates.TableLength(c, 0, c.GateCount, n)));
            ArithmeticOutputs.Evaluate(circuit, n, wires, outputTweak, Corrections.AsSpan(0, circuit.Outputs.Length * n),
                Deltas.AsSpan(0, n), Results.AsSpan(0, n));
        }
    }

    /// <summary>Releases the OT state.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _ot.Dispose();
    }
}

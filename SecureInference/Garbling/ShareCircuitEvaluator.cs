using System.Runtime.InteropServices;
using System.Security.Cryptography;
using PiToolkit.SecureInference.Circuits;
using PiToolkit.SecureInference.ObliviousTransfer;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Garbling;

/// <summary>
/// Evaluator (client) side of <see cref="ShareCircuitGarbler"/>: obtains its input labels by OT,
/// receives the garbled chunks and returns (f(a + b mod p) − r) mod p per value. <see cref="Run"/>
/// streams; <see cref="Prepare"/> (offline) + <see cref="Complete"/> (online) split it as Delphi does.
/// </summary>
public sealed class ShareCircuitEvaluator : IDisposable
{
    private readonly IChannel _channel;
    private readonly ShareCircuit _circuit;
    private readonly IknpReceiver _ot;
    private readonly Label[] _wires;
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
        _wires = new Label[circuit.Circuit.WireCount * ShareCircuitGarbler.ChunkSize];
    }

    /// <summary>The circuit both sides run.</summary>
    public ShareCircuit Circuit => _circuit;

    /// <summary>Runs the batch in one go, streaming: <paramref name="shares"/>[i] is a_i; <paramref name="results"/>[i] receives the output share.</summary>
    /// <exception cref="ArgumentException">The spans differ in length or a share is not below p.</exception>
    /// <exception cref="ProtocolException">The garbler announced another batch size or sent malformed frames.</exception>
    public void Run(ReadOnlySpan<ulong> shares, Span<ulong> results)
    {
        if (shares.Length != results.Length) throw new ArgumentException("One result per share.", nameof(results));
        Begin(shares);
        PreparedEvaluation.Chunk? reusable = null;
        for (var offset = 0; offset < shares.Length; offset += ShareCircuitGarbler.ChunkSize)
        {
            var n = Math.Min(ShareCircuitGarbler.ChunkSize, shares.Length - offset);
            var chunk = ReceiveChunk(shares.Slice(offset, n), reusable);
            try
            {
                EvaluateChunk(chunk, results.Slice(offset, n));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(chunk.InputLabels.AsSpan()));
            }
            reusable = chunk;
        }
    }

    /// <summary>Offline phase: OTs for this side's shares, then the garbled tables, corrections and masks, kept for <see cref="Complete"/>.</summary>
    /// <exception cref="ArgumentException">A share is not below p.</exception>
    /// <exception cref="ProtocolException">The garbler announced another batch size or sent malformed frames.</exception>
    public PreparedEvaluation Prepare(ReadOnlySpan<ulong> shares)
    {
        Begin(shares);
        var prepared = new PreparedEvaluation(shares.Length);
        for (var offset = 0; offset < shares.Length; offset += ShareCircuitGarbler.ChunkSize)
        {
            prepared.Chunks.Add(ReceiveChunk(shares.Slice(offset, Math.Min(ShareCircuitGarbler.ChunkSize, shares.Length - offset)), null));
        }
        return prepared;
    }

    /// <summary>Online phase: receives the garbler's input labels and evaluates the prepared batch (once).</summary>
    /// <exception cref="ArgumentException"><paramref name="results"/> has the wrong length.</exception>
    /// <exception cref="InvalidOperationException">The batch was already completed or disposed.</exception>
    /// <exception cref="ProtocolException">The garbler sent malformed frames.</exception>
    public void Complete(PreparedEvaluation prepared, Span<ulong> results)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (results.Length != prepared.Count) throw new ArgumentException($"The batch holds {prepared.Count} values.", nameof(results));
        if (!prepared.TryComplete()) throw new InvalidOperationException("This batch was already completed or disposed.");
        try
        {
            var offset = 0;
            foreach (var chunk in prepared.Chunks)
            {
                EvaluateChunk(chunk, results.Slice(offset, chunk.N));
                offset += chunk.N;
            }
        }
        finally
        {
            prepared.Dispose();
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
        _circuit.CheckMaxArguments(shares1, shares2, results.Length, nameof(results));
        var field = _circuit.Field;
        var difference = new ulong[shares1.Length];
        for (var i = 0; i < difference.Length; i++)
        {
            difference[i] = field.Sub(shares1[i], shares2[i]);
        }
        Run(difference, results);
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = field.Add(results[i], shares2[i]);
        }
    }

    /// <summary>Releases the OT state.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_wires.AsSpan()));
        _ot.Dispose();
    }

    private void Begin(ReadOnlySpan<ulong> shares)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        _circuit.Field.CheckResidues(shares, nameof(shares));
        Span<long> announced = stackalloc long[1];
        _channel.ReceiveFrame(announced);
        if (announced[0] != shares.Length)
        {
            throw new ProtocolException($"The garbler announced {announced[0]} values; this side has {shares.Length}.");
        }
    }

    /// <summary>OT for one chunk's input bits, then its tables, corrections and masks (into <paramref name="reuse"/>'s buffers when they fit).</summary>
    private PreparedEvaluation.Chunk ReceiveChunk(ReadOnlySpan<ulong> shares, PreparedEvaluation.Chunk? reuse)
    {
        var circuit = _circuit.Circuit;
        var n = shares.Length;
        var ell = _circuit.ShareBits;
        var choices = new bool[ell * n];
        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i < ell; i++)
            {
                choices[i * n + j] = ((shares[j] >> i) & 1) != 0;
            }
        }
        var tableLength = HalfGates.TableLength(circuit, 0, circuit.GateCount, n);
        var fits = reuse is not null && reuse.N == n;
        var chunk = new PreparedEvaluation.Chunk(n,
            fits ? reuse!.InputLabels : new Label[ell * n],
            fits ? reuse!.Tables : new Label[tableLength],
            fits ? reuse!.Corrections : new ulong[_circuit.Outputs.Length * n],
            fits ? reuse!.Deltas : new ulong[n],
            _gateTweak, _outputTweak);
        _ot.ReceiveCorrelated(choices, chunk.InputLabels);
        Array.Clear(choices);
        _channel.ReceiveFrame<Label>(chunk.Tables);
        _channel.ReceiveFrame<ulong>(chunk.Corrections);
        _channel.ReceiveFrame<ulong>(chunk.Deltas);
        _gateTweak += HalfGates.TweaksUsed(circuit, n);
        _outputTweak += (ulong)chunk.Corrections.Length;
        return chunk;
    }

    /// <summary>Receives the garbler's active labels for one chunk and evaluates it.</summary>
    private void EvaluateChunk(PreparedEvaluation.Chunk chunk, Span<ulong> results)
    {
        var circuit = _circuit.Circuit;
        var n = chunk.N;
        var ell = _circuit.ShareBits;
        var wires = _wires.AsSpan(0, circuit.WireCount * n);
        try
        {
            chunk.InputLabels.CopyTo(wires);
            _channel.ReceiveFrame(wires.Slice(ell * n, circuit.InputWidths[1] * n));
            HalfGates.EvaluateBatch(circuit, 0, circuit.GateCount, n, wires, chunk.GateTweak, chunk.Tables);
            ArithmeticOutputs.Evaluate(_circuit, n, wires, chunk.OutputTweak, chunk.Corrections, chunk.Deltas, results);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(wires));
        }
    }
}

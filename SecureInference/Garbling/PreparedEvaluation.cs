using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace PiToolkit.SecureInference.Garbling;

/// <summary>
/// An evaluator's offline material for one batch (<see cref="ShareCircuitEvaluator.Prepare"/>): its
/// own input labels from OT, the garbled tables, output corrections and masks, kept until
/// <see cref="ShareCircuitEvaluator.Complete"/> receives the garbler's input labels online.
/// About 4.6 KB per ReLU at 41 bits (Delphi's client keeps 17 KB).
/// </summary>
public sealed class PreparedEvaluation : IDisposable
{
    private int _state;

    internal PreparedEvaluation(int count) => Count = count;

    /// <summary>Number of values in the batch.</summary>
    public int Count { get; }

    internal List<Chunk> Chunks { get; } = [];

    /// <summary>Marks the batch as completed; false when it already was (or was disposed).</summary>
    internal bool TryComplete() => Interlocked.CompareExchange(ref _state, 1, 0) == 0;

    /// <summary>Wipes the stored labels.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _state, 2) == 2) return;
        foreach (var chunk in Chunks)
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(chunk.InputLabels.AsSpan()));
        }
    }

    /// <summary>One chunk: n values, the evaluator's input labels, tables, corrections, masks and hash tweaks.</summary>
    internal sealed record Chunk(int N, Label[] InputLabels, Label[] Tables, ulong[] Corrections, ulong[] Deltas, ulong GateTweak, ulong OutputTweak);
}

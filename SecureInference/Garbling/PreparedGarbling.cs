using PiToolkit.SecureInference.ObliviousTransfer;

namespace PiToolkit.SecureInference.Garbling;

/// <summary>
/// A garbler's offline work for one batch (<see cref="ShareCircuitGarbler.Prepare"/>): tables,
/// corrections and OTs are already with the evaluator; what remains is the online step,
/// <see cref="ShareCircuitGarbler.Complete"/>, once the garbler's shares are known. Holds only a PRG
/// key from which the garbler's input labels are re-derived, not the labels themselves.
/// </summary>
public sealed class PreparedGarbling : IDisposable
{
    private int _state;

    internal PreparedGarbling(int count, AesCtrPrg inputLabels, ulong firstBlock)
    {
        Count = count;
        InputLabels = inputLabels;
        FirstBlock = firstBlock;
    }

    /// <summary>Number of values in the batch.</summary>
    public int Count { get; }

    internal AesCtrPrg InputLabels { get; }

    internal ulong FirstBlock { get; }

    /// <summary>Marks the batch as completed; false when it already was (or was disposed).</summary>
    internal bool TryComplete() => Interlocked.CompareExchange(ref _state, 1, 0) == 0;

    /// <summary>Releases the label key.</summary>
    public void Dispose()
    {
        Interlocked.Exchange(ref _state, 2);
        InputLabels.Dispose();
    }
}

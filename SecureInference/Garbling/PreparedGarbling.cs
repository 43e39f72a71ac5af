using System.Runtime.InteropServices;
using System.Security.Cryptography;
using PiToolkit.SecureInference.ObliviousTransfer;

namespace PiToolkit.SecureInference.Garbling;

/// <summary>
/// A garbler's offline work for one batch (<see cref="ShareCircuitGarbler.Prepare"/>): tables,
/// corrections and OTs are already with the evaluator; what remains is the online step,
/// <see cref="ShareCircuitGarbler.Complete"/>, once the garbler's shares are known. Holds the output
/// masks the library sampled (this party's share of the outputs) and a PRG key from which the
/// garbler's input labels are re-derived, not the labels themselves.
/// </summary>
public sealed class PreparedGarbling : IDisposable
{
    private readonly ulong[] _masks;
    private int _state;

    internal PreparedGarbling(int count, AesCtrPrg inputLabels, ulong firstBlock, ReadOnlySpan<ulong> masks)
    {
        Count = count;
        InputLabels = inputLabels;
        FirstBlock = firstBlock;
        _masks = masks.ToArray();
    }

    /// <summary>Number of values in the batch.</summary>
    public int Count { get; }

    /// <summary>
    /// The output masks r_i, uniform mod p, sampled by the library: the evaluator ends with
    /// (f(x_i) − r_i) mod p, so these are this party's share of the outputs. Copy them before
    /// <see cref="ShareCircuitGarbler.Complete"/>, which disposes the batch (and wipes them).
    /// </summary>
    /// <exception cref="ObjectDisposedException">The batch was completed or disposed.</exception>
    public ReadOnlySpan<ulong> Masks
    {
        get
        {
            ObjectDisposedException.ThrowIf(_state == 2, this);
            return _masks;
        }
    }

    internal AesCtrPrg InputLabels { get; }

    internal ulong FirstBlock { get; }

    /// <summary>Marks the batch as completed; false when it already was (or was disposed).</summary>
    internal bool TryComplete() => Interlocked.CompareExchange(ref _state, 1, 0) == 0;

    /// <summary>Releases the label key and wipes the masks.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _state, 2) == 2) return;
        InputLabels.Dispose();
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_masks.AsSpan()));
    }
}

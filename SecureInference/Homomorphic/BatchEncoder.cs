using System.Buffers;
using PiToolkit.SecureInference.Homomorphic.Interop;

namespace PiToolkit.SecureInference.Homomorphic;

/// <summary>
/// SEAL's <c>BatchEncoder</c>: N values mod t packed into the slots of one plaintext, arranged as
/// 2 rows of N/2 (slot i &lt; N/2 is row 0). Values cross into V8 as one bulk copy.
/// </summary>
public sealed class BatchEncoder : IDisposable
{
    private readonly SealContext _context;

    /// <summary>Creates the encoder.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The context or its runtime was disposed.</exception>
    public BatchEncoder(SealContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        Handle = context.Runtime.Create(context.Runtime.Functions.EncoderCreate, typeof(BatchEncoder), context.Handle);
    }

    /// <summary>Slots per plaintext (N).</summary>
    public int SlotCount => _context.SlotCount;

    internal SealHandle Handle { get; }

    /// <summary>Encodes field elements into a new plaintext.</summary>
    /// <param name="values">At most <see cref="SlotCount"/> residues mod t (see <see cref="Arithmetic.PrimeField"/>). Missing slots are zero.</param>
    /// <exception cref="ArgumentException">More values than slots.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is not below t.</exception>
    /// <exception cref="ObjectDisposedException">The encoder was disposed.</exception>
    public Plaintext Encode(ReadOnlySpan<ulong> values)
    {
        var plaintext = new Plaintext(_context.Runtime);
        try
        {
            Encode(values, plaintext);
            return plaintext;
        }
        catch
        {
            plaintext.Dispose();
            throw;
        }
    }

    /// <summary>Encodes field elements into <paramref name="destination"/>.</summary>
    /// <param name="values">At most <see cref="SlotCount"/> residues mod t. Missing slots are zero.</param>
    /// <param name="destination">The plaintext to overwrite.</param>
    /// <exception cref="ArgumentException">More values than slots.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is not below t.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The encoder or the plaintext was disposed.</exception>
    public void Encode(ReadOnlySpan<ulong> values, Plaintext destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        int n = SlotCount;
        if (values.Length > n)
            throw new ArgumentException($"{values.Length} values do not fit in {n} slots.", nameof(values));
        _context.Parameters.Field.CheckResidues(values, nameof(values));
        if (values.Length == n)
        {
            _context.Runtime.Encode(Handle, destination.Handle, values);
            return;
        }
        ulong[] buffer = ArrayPool<ulong>.Shared.Rent(n);
        try
        {
            Span<ulong> residues = buffer.AsSpan(0, n);
            values.CopyTo(residues);
            residues[values.Length..].Clear();
            _context.Runtime.Encode(Handle, destination.Handle, residues);
        }
        finally
        {
            // The slots may hold a party's secret mask.
            Array.Clear(buffer, 0, n);
            ArrayPool<ulong>.Shared.Return(buffer);
        }
    }

    /// <summary>Decodes all slots; values are residues in [0, t).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="plaintext"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The encoder or the plaintext was disposed.</exception>
    public ulong[] Decode(Plaintext plaintext)
    {
        var values = new ulong[SlotCount];
        Decode(plaintext, values);
        return values;
    }

    /// <summary>Decodes all slots into <paramref name="destination"/>; values are residues in [0, t).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="plaintext"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="SlotCount"/>.</exception>
    /// <exception cref="ObjectDisposedException">The encoder or the plaintext was disposed.</exception>
    public void Decode(Plaintext plaintext, Span<ulong> destination)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        if (destination.Length < SlotCount)
            throw new ArgumentException($"Destination holds {destination.Length} values; {SlotCount} slots are decoded.", nameof(destination));
        _context.Runtime.Decode(Handle, plaintext.Handle, destination[..SlotCount]);
    }

    /// <summary>Releases the WASM-side object. Idempotent.</summary>
    public void Dispose() => Handle.Dispose();
}

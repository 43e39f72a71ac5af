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

    /// <summary>Encodes values into a new plaintext.</summary>
    /// <param name="values">At most <see cref="SlotCount"/> values; any long, reduced mod t (negative values wrap). Missing slots are zero.</param>
    /// <exception cref="ArgumentException">More values than slots.</exception>
    /// <exception cref="ObjectDisposedException">The encoder was disposed.</exception>
    public Plaintext Encode(ReadOnlySpan<long> values)
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

    /// <summary>Encodes values into <paramref name="destination"/>.</summary>
    /// <param name="values">At most <see cref="SlotCount"/> values; any long, reduced mod t. Missing slots are zero.</param>
    /// <param name="destination">The plaintext to overwrite.</param>
    /// <exception cref="ArgumentException">More values than slots.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The encoder or the plaintext was disposed.</exception>
    public void Encode(ReadOnlySpan<long> values, Plaintext destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        int n = SlotCount;
        if (values.Length > n)
            throw new ArgumentException($"{values.Length} values do not fit in {n} slots.", nameof(values));
        ulong t = _context.Parameters.PlainModulus;
        ulong[] buffer = ArrayPool<ulong>.Shared.Rent(n);
        try
        {
            Span<ulong> residues = buffer.AsSpan(0, n);
            for (int i = 0; i < values.Length; i++)
                residues[i] = Reduce(values[i], t);
            residues[values.Length..].Clear();
            _context.Runtime.Encode(Handle, destination.Handle, residues);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(buffer);
        }
    }

    /// <summary>Decodes all slots; values are canonical residues in [0, t).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="plaintext"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The encoder or the plaintext was disposed.</exception>
    public long[] Decode(Plaintext plaintext)
    {
        var values = new long[SlotCount];
        Decode(plaintext, values);
        return values;
    }

    /// <summary>Decodes all slots into <paramref name="destination"/>; values are canonical residues in [0, t).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="plaintext"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="SlotCount"/>.</exception>
    /// <exception cref="ObjectDisposedException">The encoder or the plaintext was disposed.</exception>
    public void Decode(Plaintext plaintext, Span<long> destination)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        if (destination.Length < SlotCount)
            throw new ArgumentException($"Destination holds {destination.Length} values; {SlotCount} slots are decoded.", nameof(destination));
        // Residues are < t < 2^60, so the ulong and long bit patterns agree.
        _context.Runtime.Decode(Handle, plaintext.Handle, System.Runtime.InteropServices.MemoryMarshal.Cast<long, ulong>(destination[..SlotCount]));
    }

    /// <summary>Releases the WASM-side object. Idempotent.</summary>
    public void Dispose() => Handle.Dispose();

    internal static ulong Reduce(long value, ulong modulus)
    {
        long r = value % (long)modulus;
        return (ulong)(r < 0 ? r + (long)modulus : r);
    }
}

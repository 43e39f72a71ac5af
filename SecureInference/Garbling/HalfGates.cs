using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using PiToolkit.SecureInference.Circuits;

namespace PiToolkit.SecureInference.Garbling;

/// <summary>
/// Half-gates garbling (Zahur, Rosulek, Evans, "Two halves make a whole", Eurocrypt 2015) with
/// free-XOR (Kolesnikov, Schneider 2008) and point-and-permute: each AND gate costs two 16-byte
/// ciphertexts, XOR and INV gates cost nothing. The hash is <see cref="TweakableHash"/> over fixed-key
/// AES. Garbling and evaluation are pure functions over spans with no I/O, so callers can stream
/// gate ranges and batches through any transport.
/// </summary>
/// <remarks>
/// Batches: <c>copies</c> independent instances of one circuit are processed gate by gate in lock
/// step; wire w of copy k is at index <c>w·copies + k</c>, and the tables of AND gate j (the j-th AND
/// of the circuit) for copy k are entries <c>2(j'·copies + k)</c> and <c>+1</c>, where j' counts from
/// the first AND of the gate range. AND gate j of copy k uses hash tweaks <c>tweakBase + 2(j·copies + k)</c>
/// and <c>+1</c>; a session must give each call a fresh tweak range (advance by
/// <see cref="TweaksUsed"/>). Lock step keeps many independent AES calls in flight, which is what
/// makes small sequential circuits such as ReLU fast.
/// </remarks>
public static class HalfGates
{
    /// <summary>Number of table labels a gate range of a batch produces: two per AND gate per copy.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside the circuit.</exception>
    public static int TableLength(Circuit circuit, int gateStart, int gateEnd, int copies)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(gateStart, gateEnd, nameof(gateStart));
        return checked(2 * (circuit.AndsBefore(gateEnd) - circuit.AndsBefore(gateStart)) * copies);
    }

    /// <summary>Tweaks one garbling of <paramref name="copies"/> copies of the whole circuit consumes.</summary>
    public static ulong TweaksUsed(Circuit circuit, int copies)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        return 2UL * (ulong)circuit.AndCount * (ulong)copies;
    }

    /// <summary>Garbles the whole circuit once. See <see cref="GarbleBatch"/>.</summary>
    /// <exception cref="ArgumentException">A span is too short or Δ's permute bit is clear.</exception>
    public static void Garble(Circuit circuit, Span<Label> zeroLabels, Label delta, ulong tweakBase, Span<Label> tables)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        GarbleBatch(circuit, 0, circuit.GateCount, 1, zeroLabels, delta, tweakBase, tables);
    }

    /// <summary>
    /// Garbles gates [<paramref name="gateStart"/>, <paramref name="gateEnd"/>) of
    /// <paramref name="copies"/> copies. On entry <paramref name="zeroLabels"/> holds the zero labels
    /// of every wire the range reads (inputs and earlier gates); on return also those it writes.
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short, the range is invalid, or Δ's permute bit is clear.</exception>
    public static void GarbleBatch(Circuit circuit, int gateStart, int gateEnd, int copies, Span<Label> zeroLabels,
        Label delta, ulong tweakBase, Span<Label> tables)
    {
        Validate(circuit, gateStart, gateEnd, copies, zeroLabels.Length, tables.Length);
        if (!delta.PermuteBit)
        {
            throw new ArgumentException("Δ must have its point-and-permute bit set.", nameof(delta));
        }
        var gates = circuit.Gates[gateStart..gateEnd];
        var firstAnd = (ulong)circuit.AndsBefore(gateStart);
        var wires = MemoryMarshal.Cast<Label, Vector128<byte>>(zeroLabels);
        var table = MemoryMarshal.Cast<Label, Vector128<byte>>(tables);
        if (FixedKeyAes.UsesHardware)
        {
            GarbleCore<AesNiPermutation>(gates, copies, wires, delta.AsVector(), tweakBase, firstAnd, table);
        }
        else
        {
            GarbleCore<PortablePermutation>(gates, copies, wires, delta.AsVector(), tweakBase, firstAnd, table);
        }
    }

    /// <summary>Evaluates the whole circuit once. See <see cref="EvaluateBatch"/>.</summary>
    /// <exception cref="ArgumentException">A span is too short.</exception>
    public static void Evaluate(Circuit circuit, Span<Label> labels, ulong tweakBase, ReadOnlySpan<Label> tables)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        EvaluateBatch(circuit, 0, circuit.GateCount, 1, labels, tweakBase, tables);
    }

    /// <summary>
    /// Evaluates gates [<paramref name="gateStart"/>, <paramref name="gateEnd"/>) of
    /// <paramref name="copies"/> copies with the garbler's tables, in the layout of <see cref="GarbleBatch"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short or the range is invalid.</exception>
    public static void EvaluateBatch(Circuit circuit, int gateStart, int gateEnd, int copies, Span<Label> labels,
        ulong tweakBase, ReadOnlySpan<Label> tables)
    {
        Validate(circuit, gateStart, gateEnd, copies, labels.Length, tables.Length);
        var gates = circuit.Gates[gateStart..gateEnd];
        var firstAnd = (ulong)circuit.AndsBefore(gateStart);
        var wires = MemoryMarshal.Cast<Label, Vector128<byte>>(labels);
        var table = MemoryMarshal.Cast<Label, Vector128<byte>>(tables);
        if (FixedKeyAes.UsesHardware)
        {
            EvaluateCore<AesNiPermutation>(gates, copies, wires, tweakBase, firstAnd, table);
        }
        else
        {
            EvaluateCore<PortablePermutation>(gates, copies, wires, tweakBase, firstAnd, table);
        }
    }

    private static void Validate(Circuit circuit, int gateStart, int gateEnd, int copies, int wireLength, int tableLength)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(copies);
        if (gateStart < 0 || gateEnd > circuit.GateCount || gateStart > gateEnd)
        {
            throw new ArgumentOutOfRangeException(nameof(gateStart), "The gate range is outside the circuit.");
        }
        if (wireLength < (long)circuit.WireCount * copies)
        {
            throw new ArgumentException("The label span needs one label per wire per copy.", "labels");
        }
        if (tableLength < TableLength(circuit, gateStart, gateEnd, copies))
        {
            throw new ArgumentException("The table span needs two labels per AND gate per copy.", "tables");
        }
    }

    private static void GarbleCore<TPerm>(ReadOnlySpan<Gate> gates, int copies, Span<Vector128<byte>> wires,
        Vector128<byte> delta, ulong tweakBase, ulong firstAnd, Span<Vector128<byte>> tables)
        where TPerm : struct, IBlockPermutation
    {
        ref var w = ref MemoryMarshal.GetReference(wires);
        ref var t = ref MemoryMarshal.GetReference(tables);
        var andIndex = firstAnd;
        nint tableIndex = 0;
        var n = (nint)copies;
        foreach (var g in gates)
        {
            ref var a = ref Unsafe.Add(ref w, g.A * n);
            ref var b = ref Unsafe.Add(ref w, g.B * n);
            ref var o = ref Unsafe.Add(ref w, g.Output * n);
            switch (g.Kind)
            {
                case GateKind.And:
                    var tweak = tweakBase + 2 * andIndex * (ulong)copies;
                    for (nint k = 0; k < n; k++)
                    {
                        var a0 = Unsafe.Add(ref a, k);
                        var b0 = Unsafe.Add(ref b, k);
                        var tj = TweakableHash.Tweak(tweak);
                        var tk = TweakableHash.Tweak(tweak + 1);
                        // TMMO is not linear in its input, so H(a0 ⊕ Δ) is a hash of its own: four
                        // independent hashes (eight AES calls, two levels of four) per AND gate.
                        Vector128<byte> ha0 = a0, ha1 = a0 ^ delta, hb0 = b0, hb1 = b0 ^ delta;
                        TweakableHash.Hash4<TPerm>(ref ha0, tj, ref ha1, tj, ref hb0, tk, ref hb1, tk);
                        var pa = TweakableHash.LsbMask(a0);
                        var pb = TweakableHash.LsbMask(b0);
                        var tg = ha0 ^ ha1 ^ (pb & delta);
                        var te = hb0 ^ hb1 ^ a0;
                        Unsafe.Add(ref o, k) = ha0 ^ (pa & tg) ^ hb0 ^ (pb & (te ^ a0));
                        Unsafe.Add(ref t, tableIndex) = tg;
                        Unsafe.Add(ref t, tableIndex + 1) = te;
                        tableIndex += 2;
                        tweak += 2;
                    }
                    andIndex++;
                    break;
                case GateKind.Xor:
                    for (nint k = 0; k < n; k++) Unsafe.Add(ref o, k) = Unsafe.Add(ref a, k) ^ Unsafe.Add(ref b, k);
                    break;
                case GateKind.Inv:
                    for (nint k = 0; k < n; k++) Unsafe.Add(ref o, k) = Unsafe.Add(ref a, k) ^ delta;
                    break;
                case GateKind.Copy:
                    for (nint k = 0; k < n; k++) Unsafe.Add(ref o, k) = Unsafe.Add(ref a, k);
                    break;
                case GateKind.Const0:
                    for (nint k = 0; k < n; k++) Unsafe.Add(ref o, k) = Vector128<byte>.Zero;
                    break;
                default:
                    for (nint k = 0; k < n; k++) Unsafe.Add(ref o, k) = delta;
                    break;
            }
        }
    }

    private static void EvaluateCore<TPerm>(ReadOnlySpan<Gate> gates, int copies, Span<Vector128<byte>> wires,
        ulong tweakBase, ulong firstAnd, ReadOnlySpan<Vector128<byte>> tables)
        where TPerm : struct, IBlockPermutation
    {
        ref var w = ref MemoryMarshal.GetReference(wires);
        ref var t = ref MemoryMarshal.GetReference(tables);
        var andIndex = firstAnd;
        nint tableIndex = 0;
        var n = (nint)copies;
        foreach (var g in gates)
        {
            ref var a = ref Unsafe.Add(ref w, g.A * n);
            ref var b = ref Unsafe.Add(ref w, g.B * n);
            ref var o = ref Unsafe.Add(ref w, g.Output * n);
            switch (g.Kind)
            {
                case GateKind.And:
                    var tweak = tweakBase + 2 * andIndex * (ulong)copies;
                    nint k = 0;
                    for (; k + 2 <= n; k += 2)
                    {
                        // Two copies per step: four independent AES calls in flight, as when garbling.
                        var x0 = Unsafe.Add(ref a, k);
                        var y0 = Unsafe.Add(ref b, k);
                        var x1 = Unsafe.Add(ref a, k + 1);
                        var y1 = Unsafe.Add(ref b, k + 1);
                        Vector128<byte> hx0 = x0, hy0 = y0, hx1 = x1, hy1 = y1;
                        TweakableHash.Hash4<TPerm>(ref hx0, TweakableHash.Tweak(tweak), ref hy0, TweakableHash.Tweak(tweak + 1),
                            ref hx1, TweakableHash.Tweak(tweak + 2), ref hy1, TweakableHash.Tweak(tweak + 3));
                        var tg0 = Unsafe.Add(ref t, tableIndex);
                        var te0 = Unsafe.Add(ref t, tableIndex + 1);
                        var tg1 = Unsafe.Add(ref t, tableIndex + 2);
                        var te1 = Unsafe.Add(ref t, tableIndex + 3);
                        Unsafe.Add(ref o, k) = hx0 ^ (TweakableHash.LsbMask(x0) & tg0) ^ hy0 ^ (TweakableHash.LsbMask(y0) & (te0 ^ x0));
                        Unsafe.Add(ref o, k + 1) = hx1 ^ (TweakableHash.LsbMask(x1) & tg1) ^ hy1 ^ (TweakableHash.LsbMask(y1) & (te1 ^ x1));
                        tableIndex += 4;
                        tweak += 4;
                    }
                    for (; k < n; k++)
                    {
                        var x = Unsafe.Add(ref a, k);
                        var y = Unsafe.Add(ref b, k);
                        Vector128<byte> hx = x, hy = y;
                        TweakableHash.Hash2<TPerm>(ref hx, TweakableHash.Tweak(tweak), ref hy, TweakableHash.Tweak(tweak + 1));
                        var tg = Unsafe.Add(ref t, tableIndex);
                        var te = Unsafe.Add(ref t, tableIndex + 1);
                        Unsafe.Add(ref o, k) = hx ^ (TweakableHash.LsbMask(x) & tg) ^ hy ^ (TweakableHash.LsbMask(y) & (te ^ x));
                        tableIndex += 2;
                        tweak += 2;
                    }
                    andIndex++;
                    break;
                case GateKind.Xor:
                    for (nint j = 0; j < n; j++) Unsafe.Add(ref o, j) = Unsafe.Add(ref a, j) ^ Unsafe.Add(ref b, j);
                    break;
                case GateKind.Inv or GateKind.Copy:
                    for (nint j = 0; j < n; j++) Unsafe.Add(ref o, j) = Unsafe.Add(ref a, j);
                    break;
                default:
                    for (nint j = 0; j < n; j++) Unsafe.Add(ref o, j) = Vector128<byte>.Zero;
                    break;
            }
        }
    }
}

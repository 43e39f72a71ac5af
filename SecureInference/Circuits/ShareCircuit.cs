using System.Numerics;
using PiToolkit.SecureInference.Arithmetic;

namespace PiToolkit.SecureInference.Circuits;

/// <summary>
/// A circuit on additive shares mod a prime p whose result is an arithmetic value, not bits:
/// result = (Σ bit(wire_k)·weight_k + <see cref="Constant"/>) mod p. The garbled protocol turns each
/// weighted output wire into an additive share directly from its label, so products of a bit with a
/// constant, sums, and the final "− r mod p" cost no AND gates.
/// </summary>
/// <remarks>
/// Inputs: value 0 is the evaluator's share a (ℓ bits, ℓ = bit length of p); value 1 is the garbler's
/// word <see cref="GarblerWord"/>(b) = b' − 1 mod 2^(ℓ+1), where b' = b, or p when b = 0. Then
/// u = a + b' − 1 = s − 1 for s = a + b' ∈ [1, 2p − 1] is never negative, and the signed value
/// x = s mod p is positive (x ≤ (p−1)/2) in two windows of u, each cut out by a constant comparison:
/// A: u &lt; h where x = u + 1, and B: p − 1 ≤ u &lt; p + h where x = u − (p − 1) (h = (p−1)/2).
/// With 2^f dividing p − 1, ⌊x / 2^f⌋ is then a weighted sum of u's bits plus a carry term, so
/// truncation is exact and almost free. The constant h = 15·2^36 of Delphi's prime makes the window
/// bounds below and at h cheap; the bound p + h is odd and costs a full comparison.
/// </remarks>
public sealed class ShareCircuit
{
    private readonly WeightedOutput[] _outputs;

    private ShareCircuit(Circuit circuit, PrimeField field, int fractionalBits, WeightedOutput[] outputs, ulong constant, string name)
    {
        Circuit = circuit;
        Field = field;
        FractionalBits = fractionalBits;
        _outputs = outputs;
        Constant = constant;
        Name = name;
    }

    /// <summary>The boolean circuit; input 0 is the evaluator's share, input 1 the garbler's word.</summary>
    public Circuit Circuit { get; }

    /// <summary>The field Z_p the shares live in.</summary>
    public PrimeField Field { get; }

    /// <summary>The prime p.</summary>
    public ulong Modulus => Field.Modulus;

    /// <summary>Bit length ℓ of p (width of the evaluator's input).</summary>
    public int ShareBits => Field.Bits;

    /// <summary>Fractional bits f removed by exact truncation (0: none).</summary>
    public int FractionalBits { get; }

    /// <summary>The weighted output wires.</summary>
    public ReadOnlySpan<WeightedOutput> Outputs => _outputs;

    /// <summary>The constant added to the weighted sum (mod p).</summary>
    public ulong Constant { get; }

    /// <summary>"relu" or "truncate", for reports.</summary>
    public string Name { get; }

    /// <summary>
    /// ReLU on shares: result = ⌊ReLU(x) / 2^f⌋ with x = a + b mod p read as signed (x &gt; (p−1)/2 is
    /// negative). The protocol subtracts the garbler's mask r.
    /// </summary>
    /// <param name="field">The field of the shares; default <see cref="PrimeField.Delphi"/>.</param>
    /// <param name="fractionalBits">f, the bits truncated after the ReLU (0: none).</param>
    /// <exception cref="ArgumentException">2^f does not divide p − 1, or f ≥ ℓ − 1.</exception>
    public static ShareCircuit Relu(PrimeField? field = null, int fractionalBits = 0)
    {
        field ??= PrimeField.Delphi;
        var (builder, u, f, p) = Start(field, fractionalBits);
        var h = field.Half;
        var posA = builder.LessThanConstant(u, h);
        var geB = builder.GreaterOrEqualConstant(u, p - 1);
        var ltB = builder.LessThanConstant(u, p + h);
        var posB = builder.And(geB, ltB);
        var pos = builder.Xor(posA, posB);
        var outputs = new List<WeightedOutput>();
        for (var i = f; i < u.Length; i++)
        {
            outputs.Add(new WeightedOutput(builder.And(u[i], pos), Pow2(i - f, field)));
        }
        // Window A: x = u + 1, so ⌊x/2^f⌋ = ⌊u/2^f⌋ + [the low f bits of u are all ones].
        var carry = builder.And(posA, builder.AllOnes(u[..f]));
        outputs.Add(new WeightedOutput(carry, 1));
        // Window B: x = u − (p − 1), and 2^f divides p − 1.
        outputs.Add(new WeightedOutput(posB, field.Neg(p - 1 >> f)));
        return Finish(builder, outputs, 0, field, f, "relu");
    }

    /// <summary>
    /// Exact truncation on shares without ReLU: result = ⌊x / 2^f⌋ mod p for the signed x = a + b mod p
    /// (rounding towards −∞, as an arithmetic shift would), with none of the off-by-one or wrap-around
    /// errors of local share shifting.
    /// </summary>
    /// <param name="field">The field of the shares; default <see cref="PrimeField.Delphi"/>.</param>
    /// <param name="fractionalBits">f ≥ 1, the bits truncated.</param>
    /// <exception cref="ArgumentException">f as for <see cref="Relu"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">f is 0 or negative.</exception>
    public static ShareCircuit Truncate(PrimeField? field = null, int fractionalBits = 8)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fractionalBits);
        field ??= PrimeField.Delphi;
        var (builder, u, f, p) = Start(field, fractionalBits);
        var h = field.Half;
        var k = (p - 1) >> f;
        var posA = builder.LessThanConstant(u, h);
        var negB = builder.GreaterOrEqualConstant(u, p + h);
        var outputs = new List<WeightedOutput>();
        for (var i = f; i < u.Length; i++)
        {
            outputs.Add(new WeightedOutput(u[i], Pow2(i - f, field)));
        }
        var low = u[..f];
        // Positive in window A: x = u + 1 (carry when the low bits are all ones).
        outputs.Add(new WeightedOutput(builder.And(posA, builder.AllOnes(low)), 1));
        // Otherwise x = u + 1 − p (negative, window A) or u − (p − 1) (positive, window B): ⌊u/2^f⌋ − k.
        outputs.Add(new WeightedOutput(builder.Not(builder.Xor(posA, negB)), field.Neg(k)));
        // Negative in window B: x_signed = u − (p − 1) − p = u − 1 − 2(p − 1), so ⌊x/2^f⌋ = ⌊(u − 1)/2^f⌋ − 2k.
        outputs.Add(new WeightedOutput(negB, field.Neg(field.Reduce(2 * k))));
        var lowZero = builder.Not(builder.Any(low));
        outputs.Add(new WeightedOutput(builder.And(negB, lowZero), field.Neg(1)));
        return Finish(builder, outputs, 0, field, f, "truncate");
    }

    /// <summary>The garbler's input word for its share b: (b == 0 ? p : b) − 1, as an (ℓ+1)-bit value.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="share"/> ≥ p.</exception>
    public ulong GarblerWord(ulong share)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(share, Modulus);
        return (share == 0 ? Modulus : share) - 1;
    }

    /// <summary>
    /// Checks the arguments of a max-of-two run, which both parties validate alike: this circuit must
    /// be a ReLU without truncation, both share spans and the third span (masks or results) must have
    /// one entry per value, and every share must be below p.
    /// </summary>
    /// <exception cref="InvalidOperationException">The circuit is not a ReLU with f = 0.</exception>
    /// <exception cref="ArgumentException">The lengths differ or a share is not below p.</exception>
    public void CheckMaxArguments(ReadOnlySpan<ulong> shares1, ReadOnlySpan<ulong> shares2, int count, string countName)
    {
        if (Name != "relu" || FractionalBits != 0)
        {
            throw new InvalidOperationException("Max needs a ReLU circuit without truncation.");
        }
        if (shares1.Length != shares2.Length || shares1.Length != count)
        {
            throw new ArgumentException($"Both share arrays and the {countName} must have the same length.", countName);
        }
        Field.CheckResidues(shares1, nameof(shares1));
        Field.CheckResidues(shares2, nameof(shares2));
    }

    /// <summary>The result computed in the clear through the circuit (the reference for tests).</summary>
    public ulong EvaluatePlain(ulong evaluatorShare, ulong garblerShare)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(evaluatorShare, Modulus);
        var values = PlainEvaluatorWires(evaluatorShare, GarblerWord(garblerShare));
        var sum = (UInt128)Constant;
        foreach (var o in _outputs)
        {
            if (values[o.Wire])
            {
                sum += o.Weight;
            }
        }
        return Field.Reduce(sum);
    }

    private bool[] PlainEvaluatorWires(ulong a, ulong word)
    {
        var wires = new bool[Circuit.WireCount];
        Bits.Scatter(Circuit, [new BigInteger(a), new BigInteger(word)], wires);
        PlainEvaluator.Evaluate(Circuit, wires);
        return wires;
    }

    private static (CircuitBuilder Builder, int[] U, int F, ulong P) Start(PrimeField field, int fractionalBits)
    {
        if (!field.SupportsTruncation(fractionalBits))
        {
            throw new ArgumentException($"2^{fractionalBits} must divide p − 1 (and f < ℓ − 1) for exact truncation.", nameof(fractionalBits));
        }
        var bits = field.Bits;
        var modulus = field.Modulus;
        var builder = new CircuitBuilder();
        var a = builder.AddInput(bits);
        var word = builder.AddInput(bits + 1);
        var u = builder.Add(a, word);
        return (builder, u, fractionalBits, modulus);
    }

    private static ShareCircuit Finish(CircuitBuilder builder, List<WeightedOutput> outputs, ulong constant, PrimeField field, int f, string name)
    {
        builder.AddOutput([.. outputs.Select(o => o.Wire)]);
        return new ShareCircuit(builder.Build(), field, f, [.. outputs], constant, name);
    }

    private static ulong Pow2(int exponent, PrimeField field) => field.Reduce(1UL << exponent);
}

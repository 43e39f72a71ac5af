using System.Numerics;

namespace PiToolkit.SecureInference.Circuits;

/// <summary>
/// Builds circuits for integer arithmetic on little-endian bit vectors (an <c>int[]</c> of wires,
/// least significant bit first). Gates with a constant input are folded as they are added, so the
/// constant-aware variants (<see cref="AddConstant"/>, <see cref="LessThanConstant"/>, ...) are the
/// generic circuits on constant wires and spend AND gates only where a carry is not known.
/// </summary>
/// <remarks>
/// Adders use the one-AND full adder c' = c ⊕ ((a ⊕ c) ∧ (b ⊕ c)) (as in Kolesnikov, Sadeghi,
/// Schneider 2009), so an n-bit add or compare costs at most n AND gates.
/// </remarks>
public sealed class CircuitBuilder
{
    private readonly List<int> _inputWidths = [];
    private readonly List<Gate> _gates = [];
    private readonly List<IReadOnlyList<int>> _outputs = [];
    private int _wireCount;
    private int _zero = -1;
    private int _one = -1;

    /// <summary>Number of AND gates added so far.</summary>
    public int AndCount { get; private set; }

    /// <summary>Adds an input value of <paramref name="width"/> bits; all inputs come before any gate.</summary>
    /// <exception cref="InvalidOperationException">Gates have already been added.</exception>
    public int[] AddInput(int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        if (_gates.Count > 0)
        {
            throw new InvalidOperationException("Inputs must be declared before any gate.");
        }
        _inputWidths.Add(width);
        var wires = Enumerable.Range(_wireCount, width).ToArray();
        _wireCount += width;
        return wires;
    }

    /// <summary>Declares an output value (its wires, least significant first).</summary>
    public void AddOutput(IReadOnlyList<int> wires)
    {
        ArgumentNullException.ThrowIfNull(wires);
        _outputs.Add([.. wires]);
    }

    /// <summary>Finishes the circuit.</summary>
    public Circuit Build() => new(_wireCount, _inputWidths, _gates, _outputs);

    /// <summary>The constant-0 wire.</summary>
    public int Zero => _zero >= 0 ? _zero : _zero = Emit(GateKind.Const0, 0, 0);

    /// <summary>The constant-1 wire.</summary>
    public int One => _one >= 0 ? _one : _one = Emit(GateKind.Const1, 0, 0);

    /// <summary>The constant <paramref name="bit"/>.</summary>
    public int Constant(bool bit) => bit ? One : Zero;

    /// <summary>The bits of <paramref name="value"/> mod 2^width as constant wires.</summary>
    public int[] Constant(BigInteger value, int width)
    {
        var wires = new int[width];
        for (var i = 0; i < width; i++)
        {
            wires[i] = Constant(!((value >> i) & 1).IsZero);
        }
        return wires;
    }

    /// <summary>a xor b (free; folded when an input is constant or both are the same wire).</summary>
    public int Xor(int a, int b)
    {
        if (a == b) return Zero;
        if (IsZero(a)) return b;
        if (IsZero(b)) return a;
        if (IsOne(a)) return Not(b);
        if (IsOne(b)) return Not(a);
        return Emit(GateKind.Xor, a, b);
    }

    /// <summary>a and b (one AND gate unless folded).</summary>
    public int And(int a, int b)
    {
        if (a == b) return a;
        if (IsZero(a) || IsZero(b)) return Zero;
        if (IsOne(a)) return b;
        if (IsOne(b)) return a;
        AndCount++;
        return Emit(GateKind.And, a, b);
    }

    /// <summary>not a (free).</summary>
    public int Not(int a)
    {
        if (IsZero(a)) return One;
        if (IsOne(a)) return Zero;
        return Emit(GateKind.Inv, a, 0);
    }

    /// <summary>a or b = a ⊕ b ⊕ (a ∧ b): one AND gate.</summary>
    public int Or(int a, int b) => Xor(Xor(a, b), And(a, b));

    /// <summary>(a + b + carryIn) mod 2^width where width = max of the lengths; with <paramref name="carryOut"/> one extra top bit.</summary>
    public int[] Add(IReadOnlyList<int> a, IReadOnlyList<int> b, bool carryOut = false, int? carryIn = null)
    {
        var width = Math.Max(a.Count, b.Count);
        var sum = new int[width + (carryOut ? 1 : 0)];
        var c = carryIn ?? Zero;
        for (var i = 0; i < width; i++)
        {
            var x = Bit(a, i);
            var y = Bit(b, i);
            sum[i] = Xor(Xor(x, y), c);
            if (i + 1 < width || carryOut)
            {
                c = Xor(c, And(Xor(x, c), Xor(y, c)));
            }
        }
        if (carryOut)
        {
            sum[width] = c;
        }
        return sum;
    }

    /// <summary>(a + constant) mod 2^width, spending AND gates only where the carry is unknown.</summary>
    public int[] AddConstant(IReadOnlyList<int> a, BigInteger constant, int width, bool carryOut = false) =>
        Add(Pad(a, width), Constant(constant, width), carryOut);

    /// <summary>(a − b) mod 2^width and the borrow (1 when a &lt; b as unsigned numbers).</summary>
    public (int[] Difference, int Borrow) Subtract(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        var width = Math.Max(a.Count, b.Count);
        var notB = Enumerable.Range(0, width).Select(i => Not(Bit(b, i))).ToArray();
        var sum = Add(Pad(a, width), notB, carryOut: true, carryIn: One);
        return (sum[..width], Not(sum[width]));
    }

    /// <summary>(a − constant) mod 2^width and the borrow, constant-aware.</summary>
    public (int[] Difference, int Borrow) SubtractConstant(IReadOnlyList<int> a, BigInteger constant, int width) =>
        Subtract(Pad(a, width), Constant(constant, width));

    /// <summary>1 when a &lt; b as unsigned numbers: the carry chain of a − b only (at most one AND per bit).</summary>
    public int LessThan(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        var width = Math.Max(a.Count, b.Count);
        var c = One;
        for (var i = 0; i < width; i++)
        {
            var x = Bit(a, i);
            var y = Not(Bit(b, i));
            c = Xor(c, And(Xor(x, c), Xor(y, c)));
        }
        return Not(c);
    }

    /// <summary>1 when a &lt; constant; bits below the constant's lowest set bit cost nothing.</summary>
    public int LessThanConstant(IReadOnlyList<int> a, BigInteger constant)
    {
        if (constant.Sign <= 0) return Zero;
        var width = Math.Max(a.Count, (int)constant.GetBitLength());
        return LessThan(Pad(a, width), Constant(constant, width));
    }

    /// <summary>1 when a ≥ constant.</summary>
    public int GreaterOrEqualConstant(IReadOnlyList<int> a, BigInteger constant) => Not(LessThanConstant(a, constant));

    /// <summary>Per bit: select ? whenOne : whenZero, one AND per bit that differs.</summary>
    public int[] Mux(int select, IReadOnlyList<int> whenOne, IReadOnlyList<int> whenZero)
    {
        var width = Math.Max(whenOne.Count, whenZero.Count);
        var result = new int[width];
        for (var i = 0; i < width; i++)
        {
            var x = Bit(whenOne, i);
            var y = Bit(whenZero, i);
            result[i] = Xor(y, And(select, Xor(x, y)));
        }
        return result;
    }

    /// <summary>Per bit: a ∧ bit (zeroes the vector when <paramref name="bit"/> is 0).</summary>
    public int[] AndAll(IReadOnlyList<int> a, int bit) => [.. a.Select(w => And(w, bit))];

    /// <summary>
    /// a mod m for a &lt; 2m (one conditional subtraction of the constant m); the result has m's bit length.
    /// </summary>
    public int[] ReduceOnce(IReadOnlyList<int> a, BigInteger modulus)
    {
        var width = Math.Max(a.Count, (int)modulus.GetBitLength());
        var (difference, borrow) = SubtractConstant(a, modulus, width);
        var reduced = Mux(borrow, Pad(a, width), difference);
        return reduced[..(int)modulus.GetBitLength()];
    }

    /// <summary>(a + b) mod m for a, b &lt; m: add with carry out, then one conditional subtraction.</summary>
    public int[] AddModulo(IReadOnlyList<int> a, IReadOnlyList<int> b, BigInteger modulus) =>
        ReduceOnce(Add(a, b, carryOut: true), modulus);

    /// <summary>Product a·b mod 2^width (schoolbook, about width²/2 AND gates).</summary>
    public int[] Multiply(IReadOnlyList<int> a, IReadOnlyList<int> b, int width)
    {
        var acc = Constant(BigInteger.Zero, width);
        for (var i = 0; i < Math.Min(width, b.Count); i++)
        {
            var partial = new int[width - i];
            for (var j = 0; j < partial.Length; j++)
            {
                partial[j] = And(Bit(a, j), b[i]);
            }
            var high = Add(acc[i..], partial);
            Array.Copy(high, 0, acc, i, high.Length);
        }
        return acc;
    }

    /// <summary>1 when every bit is 1 (a chain of width − 1 AND gates).</summary>
    public int AllOnes(IReadOnlyList<int> a) => a.Aggregate(One, And);

    /// <summary>1 when any bit is 1 (width − 1 AND gates).</summary>
    public int Any(IReadOnlyList<int> a) => a.Aggregate(Zero, Or);

    private int Bit(IReadOnlyList<int> v, int i) => i < v.Count ? v[i] : Zero;

    private int[] Pad(IReadOnlyList<int> v, int width) => [.. Enumerable.Range(0, width).Select(i => Bit(v, i))];

    private bool IsZero(int wire) => wire == _zero;

    private bool IsOne(int wire) => wire == _one;

    private int Emit(GateKind kind, int a, int b)
    {
        var output = _wireCount++;
        _gates.Add(new Gate(kind, a, b, output));
        return output;
    }
}

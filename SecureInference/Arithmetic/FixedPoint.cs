using System.Numerics;

namespace PiToolkit.SecureInference.Arithmetic;

/// <summary>
/// Fixed-point numbers in a prime field: a real v is the integer round(v·2^f) mod p, read back
/// centered. A product of two such numbers carries scale 2^(2f) until it is truncated by 2^f, so
/// the magnitudes a layer reaches before truncation decide whether p is large enough; see
/// <see cref="Headroom(string, BigInteger)"/>.
/// </summary>
public sealed class FixedPoint
{
    /// <summary>A quantizer with f fractional bits in a field.</summary>
    /// <param name="field">The field (e.g. <see cref="PrimeField.Delphi"/>).</param>
    /// <param name="fractionalBits">f: the scale is 2^f; 0 ≤ f and 2f below the field's bit length minus one (a product must fit).</param>
    /// <exception cref="ArgumentNullException"><paramref name="field"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">f is negative, or a product at scale 2^(2f) cannot fit below p/2.</exception>
    public FixedPoint(PrimeField field, int fractionalBits)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (fractionalBits < 0 || 2 * fractionalBits >= field.Bits - 1)
            throw new ArgumentOutOfRangeException(nameof(fractionalBits), fractionalBits,
                $"f must be at least 0 and 2f below {field.Bits - 1} so that a product at scale 2^(2f) fits below p/2.");
        Field = field;
        FractionalBits = fractionalBits;
        Scale = Math.ScaleB(1.0, fractionalBits);
    }

    /// <summary>The field values live in.</summary>
    public PrimeField Field { get; }

    /// <summary>f, the number of fractional bits.</summary>
    public int FractionalBits { get; }

    /// <summary>2^f.</summary>
    public double Scale { get; }

    /// <summary>The signed integer round(v·2^f) (ties away from zero).</summary>
    /// <exception cref="ArgumentOutOfRangeException">v is not finite, or |round(v·2^f)| exceeds (p−1)/2.</exception>
    public long Quantize(double value)
    {
        double scaled = Math.Round(value * Scale, MidpointRounding.AwayFromZero);
        if (!double.IsFinite(scaled) || Math.Abs(scaled) > Field.Half)
            throw new ArgumentOutOfRangeException(nameof(value), value, $"{value} at scale 2^{FractionalBits} does not fit the field ({Field}).");
        return (long)scaled;
    }

    /// <summary>The field element of v: round(v·2^f) mod p.</summary>
    /// <exception cref="ArgumentOutOfRangeException">As for <see cref="Quantize"/>.</exception>
    public ulong Encode(double value) => Field.FromSigned(Quantize(value));

    /// <summary>Encodes every value.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="values"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value does not fit (see <see cref="Quantize"/>).</exception>
    public void Encode(ReadOnlySpan<double> values, Span<ulong> destination)
    {
        if (destination.Length < values.Length)
            throw new ArgumentException($"Destination holds {destination.Length} values; {values.Length} are encoded.", nameof(destination));
        for (int i = 0; i < values.Length; i++)
            destination[i] = Encode(values[i]);
    }

    /// <summary>The real value of a residue at scale 2^f: centered(x) / 2^f.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="residue"/> is not below p.</exception>
    public double Decode(ulong residue) => Decode(residue, 1);

    /// <summary>The real value of a residue that carries scale 2^(f·<paramref name="scalePower"/>) (2 for an untruncated product).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="residue"/> is not below p, or the power is negative.</exception>
    public double Decode(ulong residue, int scalePower)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scalePower);
        return Math.ScaleB(Field.ToSigned(residue), -FractionalBits * scalePower);
    }

    /// <summary>Decodes every residue.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="residues"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is not below p.</exception>
    public void Decode(ReadOnlySpan<ulong> residues, Span<double> destination)
    {
        if (destination.Length < residues.Length)
            throw new ArgumentException($"Destination holds {destination.Length} values; {residues.Length} are decoded.", nameof(destination));
        for (int i = 0; i < residues.Length; i++)
            destination[i] = Decode(residues[i]);
    }

    /// <summary>
    /// How much room a layer leaves: the largest magnitude it can reach (an integer in field units,
    /// at whatever scale the layer computes) against (p − 1)/2, the largest magnitude a centered
    /// residue represents without wrapping.
    /// </summary>
    /// <param name="layer">A name for reports and errors.</param>
    /// <param name="largestMagnitude">The largest |value| the layer can produce, in field units.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="largestMagnitude"/> is negative.</exception>
    public FieldHeadroom Headroom(string layer, BigInteger largestMagnitude)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(largestMagnitude);
        return new FieldHeadroom(layer, largestMagnitude, Field.Half);
    }

    /// <summary>
    /// The headroom of a linear layer y_o = Σ_i W[o,i]·x_i + b_o computed in the field before
    /// truncation: weights and inputs quantized at 2^f, so products (and the bias, added at the same
    /// scale) sit at 2^(2f). The bound is max_o (Σ_i |q(W[o,i])|·q(B) + |q(b_o)|·2^f) for inputs with
    /// |x| ≤ B, the worst case of the triangle inequality.
    /// </summary>
    /// <param name="layer">A name for reports and errors.</param>
    /// <param name="weights">Real weights, row by row: <paramref name="bias"/>.Length rows of equal length (or one row when there is no bias).</param>
    /// <param name="bias">Real biases, one per output; empty for none.</param>
    /// <param name="inputBound">B, the largest |x| an input can have.</param>
    /// <exception cref="ArgumentException">The weights do not split into one row per bias.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A weight, bias or the bound does not fit the field, or the bound is negative.</exception>
    public FieldHeadroom LinearHeadroom(string layer, ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, double inputBound)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputBound);
        int rows = bias.IsEmpty ? 1 : bias.Length;
        if (weights.Length % rows != 0)
            throw new ArgumentException($"{weights.Length} weights do not split into {rows} rows.", nameof(weights));
        int perRow = weights.Length / rows;
        BigInteger input = Quantize(inputBound);
        BigInteger largest = BigInteger.Zero;
        for (int o = 0; o < rows; o++)
        {
            BigInteger sum = BigInteger.Zero;
            foreach (double w in weights.Slice(o * perRow, perRow))
                sum += BigInteger.Abs(Quantize(w));
            sum *= input;
            if (!bias.IsEmpty)
                sum += BigInteger.Abs(Quantize(bias[o])) << FractionalBits;
            largest = BigInteger.Max(largest, sum);
        }
        return Headroom(layer, largest);
    }
}

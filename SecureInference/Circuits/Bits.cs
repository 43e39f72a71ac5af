using System.Globalization;
using System.Numerics;

namespace PiToolkit.SecureInference.Circuits;

/// <summary>
/// Conversions between integers, hex strings and little-endian wire bits, in the bit order of
/// the public Bristol Fashion circuits (Tests/Data/circuits/README.md): bit k of a value sits on its k-th wire, and a hex string is the
/// big-endian integer.
/// </summary>
public static class Bits
{
    /// <summary>Parses a hex string (optional 0x prefix) as a non-negative big-endian integer.</summary>
    /// <exception cref="FormatException">The text is empty or not hexadecimal.</exception>
    public static BigInteger ParseHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var text = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
        if (text.Length == 0 || !text.All(Uri.IsHexDigit))
        {
            throw new FormatException($"'{hex}' is not a hexadecimal number.");
        }
        return BigInteger.Parse("0" + text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    /// <summary>Formats a value as lower-case hex with exactly ceil(width/4) digits.</summary>
    public static string ToHex(BigInteger value, int width)
    {
        var digits = Math.Max(1, (width + 3) / 4);
        var text = value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');
        return text.PadLeft(digits, '0');
    }

    /// <summary>Writes each input value's bits onto its wires.</summary>
    /// <exception cref="ArgumentException">Wrong number of inputs, a negative value, or a value wider than its input.</exception>
    public static void Scatter(Circuit circuit, IReadOnlyList<BigInteger> inputs, Span<bool> wires)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count != circuit.InputWidths.Length)
        {
            throw new ArgumentException($"The circuit takes {circuit.InputWidths.Length} input values, not {inputs.Count}.", nameof(inputs));
        }
        var offset = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            var width = circuit.InputWidths[i];
            if (inputs[i].Sign < 0 || inputs[i].GetBitLength() > width)
            {
                throw new ArgumentException($"Input {i} does not fit in {width} bits.", nameof(inputs));
            }
            for (var k = 0; k < width; k++)
            {
                wires[offset + k] = !(inputs[i] >> k).IsEven;
            }
            offset += width;
        }
    }

    /// <summary>Reads the integer whose bit k is the bit on <paramref name="wireIndices"/>[k].</summary>
    public static BigInteger Gather(ReadOnlySpan<bool> wires, ReadOnlySpan<int> wireIndices)
    {
        var value = BigInteger.Zero;
        for (var k = wireIndices.Length - 1; k >= 0; k--)
        {
            value = (value << 1) | (wires[wireIndices[k]] ? BigInteger.One : BigInteger.Zero);
        }
        return value;
    }
}

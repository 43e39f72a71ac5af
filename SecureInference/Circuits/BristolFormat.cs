using System.Globalization;
using System.Text;

namespace PiToolkit.SecureInference.Circuits;

/// <summary>
/// Reads and writes the Bristol Fashion netlist format (Smart et al., used by SCALE-MAMBA and
/// MP-SPDZ): a header <c>gates wires</c>, the input and output value widths, then one gate per line
/// <c>n_in n_out in... out... TYPE</c> with TYPE in XOR, AND, INV, EQ, EQW, MAND. Output values are
/// the last wires of the circuit. MAND gates (k ANDs of inputs i and k+i) are expanded on reading.
/// </summary>
public static class BristolFormat
{
    /// <summary>Reads a circuit from a file.</summary>
    /// <exception cref="CircuitFormatException">The file is not valid Bristol Fashion.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Circuit ReadFile(string path)
    {
        using var reader = new StreamReader(path);
        return Read(reader);
    }

    /// <summary>Reads a circuit from text.</summary>
    /// <exception cref="CircuitFormatException">The text is not valid Bristol Fashion, with the line named.</exception>
    public static Circuit Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lineNumber = 0;
        string[] NextLine()
        {
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 0)
                {
                    return fields;
                }
            }
            throw new CircuitFormatException($"Unexpected end of circuit after line {lineNumber}.");
        }
        int Number(string text, int min, int max)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
            {
                throw new CircuitFormatException($"Line {lineNumber}: '{text}' is not a number in {min}..{max}.");
            }
            return n;
        }
        int[] Widths(string[] fields)
        {
            var count = Number(fields[0], 0, 1 << 20);
            if (fields.Length != count + 1)
            {
                throw new CircuitFormatException($"Line {lineNumber}: expected {count} widths, found {fields.Length - 1}.");
            }
            return [.. fields.Skip(1).Select(f => Number(f, 0, int.MaxValue))];
        }

        var header = NextLine();
        if (header.Length != 2)
        {
            throw new CircuitFormatException("Line 1 must be '<gates> <wires>'.");
        }
        var gateCount = Number(header[0], 0, int.MaxValue);
        var wireCount = Number(header[1], 0, int.MaxValue);
        var inputs = Widths(NextLine());
        var outputs = Widths(NextLine());
        var gates = new List<Gate>(gateCount);
        for (var g = 0; g < gateCount; g++)
        {
            var f = NextLine();
            if (f.Length < 3)
            {
                throw new CircuitFormatException($"Line {lineNumber}: a gate needs '<n_in> <n_out> <wires...> <type>'.");
            }
            var nIn = Number(f[0], 0, 1 << 20);
            var nOut = Number(f[1], 1, 1 << 20);
            if (f.Length != nIn + nOut + 3)
            {
                throw new CircuitFormatException($"Line {lineNumber}: {nIn} inputs and {nOut} outputs need {nIn + nOut + 3} fields.");
            }
            int Wire(int i) => Number(f[2 + i], 0, wireCount - 1);
            var type = f[^1];
            switch (type)
            {
                case "XOR" or "AND" when nIn == 2 && nOut == 1:
                    gates.Add(new Gate(type == "XOR" ? GateKind.Xor : GateKind.And, Wire(0), Wire(1), Wire(2)));
                    break;
                case "INV" or "EQW" when nIn == 1 && nOut == 1:
                    gates.Add(new Gate(type == "INV" ? GateKind.Inv : GateKind.Copy, Wire(0), 0, Wire(1)));
                    break;
                case "EQ" when nIn == 1 && nOut == 1:
                    var constant = Number(f[2], 0, 1);
                    gates.Add(new Gate(constant == 0 ? GateKind.Const0 : GateKind.Const1, 0, 0, Wire(1)));
                    break;
                case "MAND" when nIn == 2 * nOut:
                    for (var k = 0; k < nOut; k++)
                    {
                        gates.Add(new Gate(GateKind.And, Wire(k), Wire(nOut + k), Wire(nIn + k)));
                    }
                    break;
                default:
                    throw new CircuitFormatException($"Line {lineNumber}: unknown gate '{type}' with {nIn} inputs and {nOut} outputs.");
            }
        }
        var outputWireTotal = outputs.Sum(w => (long)w);
        if (outputWireTotal > wireCount)
        {
            throw new CircuitFormatException("The outputs are wider than the circuit has wires.");
        }
        var outputWires = new List<IReadOnlyList<int>>();
        var next = wireCount - (int)outputWireTotal;
        foreach (var width in outputs)
        {
            outputWires.Add(Enumerable.Range(next, width).ToArray());
            next += width;
        }
        try
        {
            return new Circuit(wireCount, inputs, gates, outputWires);
        }
        catch (ArgumentException e)
        {
            throw new CircuitFormatException($"Inconsistent circuit: {e.Message}", e);
        }
    }

    /// <summary>
    /// Writes a circuit. When the circuit's outputs are not already its last wires in order, copy
    /// (EQW) gates onto fresh trailing wires are added, as the format requires.
    /// </summary>
    public static void Write(Circuit circuit, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(writer);
        var outputWires = new List<int>();
        for (var o = 0; o < circuit.OutputCount; o++)
        {
            outputWires.AddRange(circuit.OutputWires(o).ToArray());
        }
        var tail = circuit.WireCount - outputWires.Count;
        var alreadyLast = outputWires.Select((w, i) => w == tail + i).All(x => x);
        var wireCount = alreadyLast ? circuit.WireCount : circuit.WireCount + outputWires.Count;
        var gateCount = circuit.GateCount + (alreadyLast ? 0 : outputWires.Count);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{gateCount} {wireCount}\n");
        text.Append(CultureInfo.InvariantCulture, $"{circuit.InputWidths.Length} {string.Join(' ', circuit.InputWidths.ToArray())}\n");
        var outputWidths = Enumerable.Range(0, circuit.OutputCount).Select(o => circuit.OutputWires(o).Length);
        text.Append(CultureInfo.InvariantCulture, $"{circuit.OutputCount} {string.Join(' ', outputWidths)}\n\n");
        foreach (var g in circuit.Gates)
        {
            text.Append(g.Kind switch
            {
                GateKind.Xor => Invariant($"2 1 {g.A} {g.B} {g.Output} XOR"),
                GateKind.And => Invariant($"2 1 {g.A} {g.B} {g.Output} AND"),
                GateKind.Inv => Invariant($"1 1 {g.A} {g.Output} INV"),
                GateKind.Copy => Invariant($"1 1 {g.A} {g.Output} EQW"),
                GateKind.Const0 => Invariant($"1 1 0 {g.Output} EQ"),
                _ => Invariant($"1 1 1 {g.Output} EQ"),
            }).Append('\n');
        }
        if (!alreadyLast)
        {
            for (var i = 0; i < outputWires.Count; i++)
            {
                text.Append(Invariant($"1 1 {outputWires[i]} {circuit.WireCount + i} EQW")).Append('\n');
            }
        }
        writer.Write(text.ToString());
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

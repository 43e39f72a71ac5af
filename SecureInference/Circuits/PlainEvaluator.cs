using System.Numerics;

namespace PiToolkit.SecureInference.Circuits;

/// <summary>
/// Evaluates a circuit in the clear: the reference every garbled result is checked against.
/// </summary>
public static class PlainEvaluator
{
    /// <summary>Evaluates on one bit per wire; <paramref name="wires"/> holds the inputs on entry and every wire on return.</summary>
    /// <exception cref="ArgumentException"><paramref name="wires"/> is shorter than the circuit's wire count.</exception>
    public static void Evaluate(Circuit circuit, Span<bool> wires)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        if (wires.Length < circuit.WireCount)
        {
            throw new ArgumentException("One entry per wire is needed.", nameof(wires));
        }
        foreach (var g in circuit.Gates)
        {
            wires[g.Output] = g.Kind switch
            {
                GateKind.Xor => wires[g.A] ^ wires[g.B],
                GateKind.And => wires[g.A] & wires[g.B],
                GateKind.Inv => !wires[g.A],
                GateKind.Copy => wires[g.A],
                GateKind.Const0 => false,
                _ => true,
            };
        }
    }

    /// <summary>Evaluates on integer input values and returns the output values.</summary>
    /// <param name="circuit">The circuit.</param>
    /// <param name="inputs">One non-negative integer per input value; bits beyond its width must be zero.</param>
    /// <exception cref="ArgumentException">Wrong number of inputs, or a value does not fit its width.</exception>
    public static BigInteger[] Evaluate(Circuit circuit, IReadOnlyList<BigInteger> inputs)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var wires = new bool[circuit.WireCount];
        Bits.Scatter(circuit, inputs, wires);
        Evaluate(circuit, wires);
        var outputs = new BigInteger[circuit.OutputCount];
        for (var o = 0; o < outputs.Length; o++)
        {
            outputs[o] = Bits.Gather(wires, circuit.OutputWires(o));
        }
        return outputs;
    }
}

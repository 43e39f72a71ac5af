using System.Numerics;
using PiToolkit.SecureInference.Circuits;
using PiToolkit.SecureInference.Garbling;

namespace PiToolkit.SecureInference.Tests.Garbling;

/// <summary>Garbles and evaluates in one process, handing the evaluator its input labels directly (an ideal OT, tests only).</summary>
internal static class LocalGarbling
{
    public static BigInteger[] Run(Circuit circuit, IReadOnlyList<BigInteger> inputs, ulong tweakBase = 0)
    {
        var delta = Label.RandomDelta();
        var zero = new Label[circuit.WireCount];
        for (var w = 0; w < circuit.InputWireCount; w++)
        {
            zero[w] = Label.Random();
        }
        var tables = new Label[HalfGates.TableLength(circuit, 0, circuit.GateCount, 1)];
        HalfGates.Garble(circuit, zero, delta, tweakBase, tables);
        var bits = new bool[circuit.WireCount];
        Bits.Scatter(circuit, inputs, bits);
        var labels = new Label[circuit.WireCount];
        for (var w = 0; w < circuit.InputWireCount; w++)
        {
            labels[w] = bits[w] ? zero[w] ^ delta : zero[w];
        }
        HalfGates.Evaluate(circuit, labels, tweakBase, tables);
        var outputs = new BigInteger[circuit.OutputCount];
        for (var o = 0; o < outputs.Length; o++)
        {
            var wires = circuit.OutputWires(o);
            for (var i = 0; i < wires.Length; i++)
            {
                var label = labels[wires[i]];
                Assert.True(label == zero[wires[i]] || label == (zero[wires[i]] ^ delta), "The evaluator's label is neither of the wire's two labels.");
                if (label.PermuteBit != zero[wires[i]].PermuteBit)
                {
                    outputs[o] |= BigInteger.One << i;
                }
            }
        }
        return outputs;
    }
}

using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using PiToolkit.SecureInference.Circuits;
using PiToolkit.SecureInference.ObliviousTransfer;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Garbling;

/// <summary>
/// A real two-party garbled execution of any circuit: the garbler owns the first
/// <c>garblerValues</c> input values, the evaluator the rest. The evaluator gets its input labels by
/// correlated IKNP OT (after 128 Chou-Orlandi base OTs), receives the garbler's active input labels
/// and the half-gates tables in chunks of <see cref="GatesPerChunk"/> gates, evaluates each chunk as
/// it arrives and decodes the outputs with the permute bits the garbler sends last. The evaluator
/// learns the outputs; the garbler learns nothing.
/// </summary>
public static class GarbledExecution
{
    /// <summary>Gates garbled and sent per frame.</summary>
    public const int GatesPerChunk = 1 << 16;

    /// <summary>Garbler side.</summary>
    /// <param name="channel">The transport to the evaluator.</param>
    /// <param name="circuit">The circuit (the evaluator must hold the same one).</param>
    /// <param name="garblerInputs">The garbler's values: the circuit's first input values, in order.</param>
    /// <exception cref="ArgumentException">More inputs than the circuit has, or a value too wide.</exception>
    /// <exception cref="ProtocolException">The evaluator misbehaved on the wire.</exception>
    public static void RunGarbler(IChannel channel, Circuit circuit, IReadOnlyList<BigInteger> garblerInputs)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(garblerInputs);
        var garblerWires = CheckInputs(circuit, garblerInputs, 0);
        var evaluatorWires = circuit.InputWireCount - garblerWires;
        channel.SendFrame<long>([circuit.GateCount, circuit.WireCount, garblerInputs.Count]);
        channel.Flush();
        var delta = Label.RandomDelta();
        var zero = new Label[circuit.WireCount];
        try
        {
            RandomNumberGenerator.Fill(MemoryMarshal.AsBytes(zero.AsSpan(0, garblerWires)));
            using (var ot = IknpSender.Setup(channel))
            {
                ot.SendCorrelated(delta, zero.AsSpan(garblerWires, evaluatorWires));
            }
            var bits = new bool[garblerWires];
            ScatterValues(garblerInputs, circuit, bits);
            var active = new Label[garblerWires];
            for (var w = 0; w < garblerWires; w++)
            {
                active[w] = bits[w] ? zero[w] ^ delta : zero[w];
            }
            channel.SendFrame<Label>(active);
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(active.AsSpan()));
            for (var start = 0; start < circuit.GateCount; start += GatesPerChunk)
            {
                var end = Math.Min(circuit.GateCount, start + GatesPerChunk);
                var tables = new Label[HalfGates.TableLength(circuit, start, end, 1)];
                HalfGates.GarbleBatch(circuit, start, end, 1, zero, delta, 0, tables);
                channel.SendFrame<Label>(tables);
            }
            var decode = new List<byte>();
            for (var o = 0; o < circuit.OutputCount; o++)
            {
                foreach (var w in circuit.OutputWires(o))
                {
                    decode.Add(zero[w].PermuteBit ? (byte)1 : (byte)0);
                }
            }
            channel.SendFrame<byte>(decode.ToArray());
            channel.Flush();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(zero.AsSpan()));
            delta = default;
        }
    }

    /// <summary>Evaluator side; returns the circuit's output values.</summary>
    /// <param name="channel">The transport to the garbler.</param>
    /// <param name="circuit">The circuit.</param>
    /// <param name="evaluatorInputs">The evaluator's values: the circuit's last input values, in order.</param>
    /// <exception cref="ArgumentException">A value too wide for its input.</exception>
    /// <exception cref="ProtocolException">The garbler's circuit or split differs, or a frame is malformed.</exception>
    public static BigInteger[] RunEvaluator(IChannel channel, Circuit circuit, IReadOnlyList<BigInteger> evaluatorInputs)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(evaluatorInputs);
        var garblerValues = circuit.InputWidths.Length - evaluatorInputs.Count;
        if (garblerValues < 0) throw new ArgumentException("More inputs than the circuit takes.", nameof(evaluatorInputs));
        var garblerWires = circuit.InputWidths[..garblerValues].ToArray().Sum();
        CheckInputs(circuit, evaluatorInputs, garblerValues);
        var evaluatorWires = circuit.InputWireCount - garblerWires;
        Span<long> header = stackalloc long[3];
        channel.ReceiveFrame(header);
        if (header[0] != circuit.GateCount || header[1] != circuit.WireCount || header[2] != garblerValues)
        {
            throw new ProtocolException($"The garbler runs a circuit of {header[0]} gates and {header[1]} wires with {header[2]} garbler inputs; this side has {circuit.GateCount}, {circuit.WireCount}, {garblerValues}.");
        }
        var labels = new Label[circuit.WireCount];
        try
        {
            var bits = new bool[evaluatorWires];
            ScatterValues(evaluatorInputs, circuit, bits, garblerValues);
            using (var ot = IknpReceiver.Setup(channel))
            {
                ot.ReceiveCorrelated(bits, labels.AsSpan(garblerWires, evaluatorWires));
            }
            channel.ReceiveFrame(labels.AsSpan(0, garblerWires));
            for (var start = 0; start < circuit.GateCount; start += GatesPerChunk)
            {
                var end = Math.Min(circuit.GateCount, start + GatesPerChunk);
                var tables = new Label[HalfGates.TableLength(circuit, start, end, 1)];
                channel.ReceiveFrame<Label>(tables);
                HalfGates.EvaluateBatch(circuit, start, end, 1, labels, 0, tables);
            }
            var outputBits = Enumerable.Range(0, circuit.OutputCount).Sum(o => circuit.OutputWires(o).Length);
            var decode = new byte[outputBits];
            channel.ReceiveFrame<byte>(decode);
            var outputs = new BigInteger[circuit.OutputCount];
            var k = 0;
            for (var o = 0; o < circuit.OutputCount; o++)
            {
                var wires = circuit.OutputWires(o);
                var value = BigInteger.Zero;
                for (var i = 0; i < wires.Length; i++, k++)
                {
                    if (decode[k] > 1) throw new ProtocolException("A decoding bit is neither 0 nor 1.");
                    if ((labels[wires[i]].PermuteBit ? 1 : 0) != decode[k])
                    {
                        value |= BigInteger.One << i;
                    }
                }
                outputs[o] = value;
            }
            return outputs;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(labels.AsSpan()));
        }
    }

    private static int CheckInputs(Circuit circuit, IReadOnlyList<BigInteger> values, int firstValue)
    {
        if (firstValue + values.Count > circuit.InputWidths.Length)
        {
            throw new ArgumentException($"The circuit takes {circuit.InputWidths.Length} input values.", nameof(values));
        }
        var wires = 0;
        for (var i = 0; i < values.Count; i++)
        {
            var width = circuit.InputWidths[firstValue + i];
            if (values[i].Sign < 0 || values[i].GetBitLength() > width)
            {
                throw new ArgumentException($"Input {firstValue + i} does not fit in {width} bits.", nameof(values));
            }
            wires += width;
        }
        return wires;
    }

    private static void ScatterValues(IReadOnlyList<BigInteger> values, Circuit circuit, bool[] bits, int firstValue = 0)
    {
        var k = 0;
        for (var i = 0; i < values.Count; i++)
        {
            var width = circuit.InputWidths[firstValue + i];
            for (var b = 0; b < width; b++)
            {
                bits[k++] = !((values[i] >> b) & 1).IsZero;
            }
        }
    }
}

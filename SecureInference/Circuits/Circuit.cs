namespace PiToolkit.SecureInference.Circuits;

/// <summary>
/// A boolean circuit over numbered wires: input values occupy the first wires (value 0's bits, then
/// value 1's, ...), gates are in topological order, and each output value is a list of wires. Values
/// are little-endian bit vectors (wire k of a value is bit k), as in Bristol Fashion.
/// </summary>
/// <remarks>Immutable once built; safe to share between threads and between garbler and evaluator.</remarks>
public sealed class Circuit
{
    private readonly Gate[] _gates;
    private readonly int[] _inputWidths;
    private readonly int[][] _outputWires;
    private readonly int[] _andsBefore;

    /// <summary>Creates a circuit after checking that every gate reads only wires already defined.</summary>
    /// <param name="wireCount">Total number of wires.</param>
    /// <param name="inputWidths">Bit width of each input value; inputs take wires 0.. in order.</param>
    /// <param name="gates">Gates in evaluation order.</param>
    /// <param name="outputWires">For each output value, its wires (least significant bit first).</param>
    /// <exception cref="ArgumentException">A gate reads an undefined wire, writes an input or
    /// out-of-range wire, or an output names a wire that is never defined.</exception>
    public Circuit(int wireCount, IReadOnlyList<int> inputWidths, IReadOnlyList<Gate> gates, IReadOnlyList<IReadOnlyList<int>> outputWires)
    {
        ArgumentNullException.ThrowIfNull(inputWidths);
        ArgumentNullException.ThrowIfNull(gates);
        ArgumentNullException.ThrowIfNull(outputWires);
        ArgumentOutOfRangeException.ThrowIfNegative(wireCount);
        _inputWidths = [.. inputWidths];
        _gates = [.. gates];
        _outputWires = [.. outputWires.Select(o => o.ToArray())];
        WireCount = wireCount;
        InputWireCount = _inputWidths.Sum();
        if (_inputWidths.Any(w => w < 0) || InputWireCount > wireCount)
        {
            throw new ArgumentException("Input widths are negative or exceed the wire count.", nameof(inputWidths));
        }
        var defined = new bool[wireCount];
        for (var i = 0; i < InputWireCount; i++)
        {
            defined[i] = true;
        }
        _andsBefore = new int[_gates.Length + 1];
        for (var g = 0; g < _gates.Length; g++)
        {
            var gate = _gates[g];
            var arity = Arity(gate.Kind);
            if ((arity >= 1 && !IsDefined(defined, gate.A)) || (arity == 2 && !IsDefined(defined, gate.B)))
            {
                throw new ArgumentException($"Gate {g} reads a wire that is not yet defined.", nameof(gates));
            }
            if ((uint)gate.Output >= (uint)wireCount || gate.Output < InputWireCount)
            {
                throw new ArgumentException($"Gate {g} writes wire {gate.Output}, which is an input or out of range.", nameof(gates));
            }
            defined[gate.Output] = true;
            _andsBefore[g + 1] = _andsBefore[g] + (gate.Kind == GateKind.And ? 1 : 0);
        }
        foreach (var output in _outputWires)
        {
            if (output.Any(w => !IsDefined(defined, w)))
            {
                throw new ArgumentException("An output names a wire that is never defined.", nameof(outputWires));
            }
        }
        AndCount = _andsBefore[^1];
        XorCount = _gates.Count(g => g.Kind == GateKind.Xor);
    }

    /// <summary>Total number of wires.</summary>
    public int WireCount { get; }

    /// <summary>Number of input wires (the sum of <see cref="InputWidths"/>).</summary>
    public int InputWireCount { get; }

    /// <summary>Bit width of each input value.</summary>
    public ReadOnlySpan<int> InputWidths => _inputWidths;

    /// <summary>The gates in evaluation order.</summary>
    public ReadOnlySpan<Gate> Gates => _gates;

    /// <summary>Number of output values.</summary>
    public int OutputCount => _outputWires.Length;

    /// <summary>Number of AND gates (each costs two 16-byte ciphertexts when garbled).</summary>
    public int AndCount { get; }

    /// <summary>Number of XOR gates (free when garbled).</summary>
    public int XorCount { get; }

    /// <summary>Number of gates of any kind.</summary>
    public int GateCount => _gates.Length;

    /// <summary>The wires of output value <paramref name="index"/>, least significant bit first.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not an output.</exception>
    public ReadOnlySpan<int> OutputWires(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_outputWires.Length, nameof(index));
        return _outputWires[index];
    }

    /// <summary>The first wire of input value <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not an input.</exception>
    public int InputOffset(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_inputWidths.Length, nameof(index));
        return _inputWidths.AsSpan(0, index).ToArray().Sum();
    }

    /// <summary>Number of AND gates among the first <paramref name="gateIndex"/> gates; fixes each AND gate's hash tweak.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gateIndex"/> is outside 0..GateCount.</exception>
    public int AndsBefore(int gateIndex)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)gateIndex, (uint)_gates.Length, nameof(gateIndex));
        return _andsBefore[gateIndex];
    }

    /// <summary>Number of input wires a gate of this kind reads.</summary>
    public static int Arity(GateKind kind) => kind switch
    {
        GateKind.Xor or GateKind.And => 2,
        GateKind.Inv or GateKind.Copy => 1,
        _ => 0,
    };

    private static bool IsDefined(bool[] defined, int wire) => (uint)wire < (uint)defined.Length && defined[wire];
}

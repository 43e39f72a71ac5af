using PiToolkit.SecureInference.Circuits;
using PiToolkit.SecureInference.Garbling;

namespace PiToolkit.Bench.Garbling;

/// <summary>Circuits and label sets shared by the garbling benchmarks.</summary>
internal static class BenchCircuits
{
    /// <summary>A random DAG of <paramref name="andGates"/> AND gates over 256 inputs (each gate reads two random earlier wires).</summary>
    public static Circuit RandomAnds(int andGates, int seed = 1)
    {
        var random = new Random(seed);
        var builder = new CircuitBuilder();
        var wires = new List<int>(builder.AddInput(256));
        for (var g = 0; g < andGates; g++)
        {
            var a = wires[random.Next(wires.Count)];
            var b = wires[random.Next(wires.Count)];
            if (a == b) b = wires[(wires.IndexOf(a) + 1) % wires.Count];
            wires.Add(builder.And(a, b));
        }
        builder.AddOutput(wires.TakeLast(64).ToList());
        return builder.Build();
    }

    /// <summary>
    /// A public Bristol circuit from the repository's Tests/Data/circuits, found by walking up from the
    /// benchmark binary (BenchmarkDotNet runs a generated copy several folders deeper).
    /// </summary>
    public static Circuit Public(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Tests", "Data", "circuits", name);
            if (File.Exists(candidate)) return BristolFormat.ReadFile(candidate);
        }
        throw new FileNotFoundException($"Tests/Data/circuits/{name} not found above {AppContext.BaseDirectory}");
    }

    /// <summary>Random zero labels for the inputs of <paramref name="copies"/> copies, and Δ.</summary>
    public static (Label[] Zero, Label Delta) Labels(Circuit circuit, int copies)
    {
        var zero = new Label[circuit.WireCount * copies];
        for (var w = 0; w < circuit.InputWireCount * copies; w++) zero[w] = Label.Random();
        return (zero, Label.RandomDelta());
    }
}

using PiToolkit.ModelFormat;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// Compiles an exported <see cref="ModelGraph"/> (a <c>.pim</c> file) into the protocol's plan and
/// the server's quantized weights, through <see cref="PlanBuilder"/>. Layers are named by operation
/// and node index (e.g. <c>conv0</c>, <c>maskedrelu1</c>), as the graph carries no names.
/// </summary>
public static class PlanCompiler
{
    /// <summary>Compiles the graph; without options, f = 8 at Delphi's p and the input bound from the graph's normalisation.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="graph"/> is null.</exception>
    /// <exception cref="ModelCompilationException">An unsupported operation (max pooling), an inconsistent node, or values that overflow the field; the message names the layer.</exception>
    public static CompiledModel Compile(ModelGraph graph, CompileOptions? options = null) => Load(graph, options).Build();

    /// <summary>
    /// The public plan alone, without the headroom check: enough to count a model's operations
    /// (<see cref="PlanOperations"/>). Deep networks fail the worst-case check and need sample inputs to
    /// pass the calibrated one, yet their operation counts depend on neither.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="graph"/> is null.</exception>
    /// <exception cref="ModelCompilationException">An unsupported operation (max pooling) or an inconsistent node; the message names the layer.</exception>
    public static InferencePlan Plan(ModelGraph graph, CompileOptions? options = null) => Load(graph, options).BuildPlan();

    private static PlanBuilder Load(ModelGraph graph, CompileOptions? options)
    {
        ArgumentNullException.ThrowIfNull(graph);
        options ??= new CompileOptions { InputBound = InputBound(graph) };
        var builder = new PlanBuilder([.. graph.InputShape.Select(d => checked((int)d))], options);
        var values = new List<int> { PlanBuilder.Input };
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            var node = graph.Nodes[i];
            string name = $"{node.Op.ToString().ToLowerInvariant()}{i}";
            if (node.Inputs.Length is < 1 or > 2 || node.Inputs.Any(v => v < 0 || v >= values.Count))
                throw new ModelCompilationException(name, "the node names a value that does not exist yet.");
            int x = values[node.Inputs[0]];
            values.Add(node.Op switch
            {
                GraphOp.Conv => builder.Convolution(name, x, checked((int)node.OutputShape[0]), node.Kernel, node.Stride, node.Padding,
                    node.Weight ?? [], node.Bias ?? []),
                GraphOp.Linear => builder.FullyConnected(name, x, checked((int)node.OutputShape[0]), node.Weight ?? [], node.Bias ?? []),
                GraphOp.AvgPool => builder.AveragePool(name, x, node.Kernel),
                GraphOp.MaxPool => builder.MaxPool(name, x, node.Kernel),
                GraphOp.Flatten => x,
                GraphOp.Add when node.Inputs.Length == 2 => builder.Add(name, x, values[node.Inputs[1]]),
                GraphOp.Relu => builder.Relu(name, x),
                GraphOp.MaskedRelu => builder.Relu(name, x, node.Mask ?? throw new ModelCompilationException(name, "a masked ReLU without its mask.")),
                _ => throw new ModelCompilationException(name, $"operation {node.Op} is not supported by the protocol."),
            });
        }
        return builder;
    }

    /// <summary>
    /// The largest |x| a normalised input can take: pixels/255 lie in [0, 1], so
    /// max over channels of max(m, 1 − m) / s.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="graph"/> is null.</exception>
    public static double InputBound(ModelGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        double bound = 0;
        for (int c = 0; c < Math.Min(graph.Mean.Length, graph.Std.Length); c++)
            bound = Math.Max(bound, Math.Max(Math.Abs(graph.Mean[c]), Math.Abs(1 - graph.Mean[c])) / graph.Std[c]);
        return bound > 0 && double.IsFinite(bound) ? bound : new CompileOptions().InputBound;
    }
}

namespace PiToolkit.ModelFormat;

/// <summary>Structural checks of a decoded <see cref="ModelGraph"/>: every reference, shape and tensor size must agree before the graph is used.</summary>
public static class PimValidator
{
    /// <summary>Throws <see cref="ModelFormatException"/> naming the first node that breaks a rule.</summary>
    public static void Validate(ModelGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (graph.Classes < 2) throw new ModelFormatException($"{graph.Classes} classes");
        if (graph.InputShape.Length != 3) throw new ModelFormatException($"input shape of rank {graph.InputShape.Length}, expected C×H×W");
        if (graph.Mean.Length != graph.InputShape[0] || graph.Std.Length != graph.InputShape[0] || graph.Std.Any(s => !(s > 0)))
            throw new ModelFormatException("normalisation does not match the input channels");
        var shapes = new List<long[]> { graph.InputShape };
        for (int k = 0; k < graph.Nodes.Count; k++)
        {
            var n = graph.Nodes[k];
            void Fail(string why) => throw new ModelFormatException($"node {k} ({n.Op}): {why}");
            if (n.Inputs.Any(i => i < 0 || i >= shapes.Count)) Fail($"input refers to value {string.Join(',', n.Inputs)}, only {shapes.Count} exist so far");
            long[] s = shapes[n.Inputs[0]];
            long size = s.Aggregate(1L, (a, b) => a * b);
            long[] expected = n.Op switch
            {
                GraphOp.Conv => ConvShape(n, s, Fail),
                GraphOp.Linear => LinearShape(n, size, Fail),
                GraphOp.AvgPool or GraphOp.MaxPool => s.Length == 3 && n.Kernel >= 1 && s[1] / n.Kernel >= 1 ? [s[0], s[1] / n.Kernel, s[2] / n.Kernel] : Throw(Fail, "pooling needs C×H×W and a kernel that fits"),
                GraphOp.Flatten => [size],
                GraphOp.Add => n.Inputs.Length == 2 && shapes[n.Inputs[1]].SequenceEqual(s) ? s : Throw(Fail, "adds values of different shapes"),
                GraphOp.Relu => s,
                GraphOp.MaskedRelu => n.Mask?.Length == size ? s : Throw(Fail, $"mask has {n.Mask?.Length ?? 0} flags for {size} activations"),
                _ => Throw(Fail, "unknown operation"),
            };
            if (n.Op != GraphOp.Add && n.Inputs.Length != 1) Fail("takes one input");
            if (!n.OutputShape.SequenceEqual(expected)) Fail($"output shape [{string.Join(',', n.OutputShape)}], the inputs give [{string.Join(',', expected)}]");
            shapes.Add(n.OutputShape);
        }
        if (shapes[^1].Aggregate(1L, (a, b) => a * b) != graph.Classes)
            throw new ModelFormatException($"the last node yields {shapes[^1].Aggregate(1L, (a, b) => a * b)} values for {graph.Classes} classes");
    }

    private static long[] ConvShape(GraphNode n, long[] s, Action<string> fail)
    {
        if (s.Length != 3 || n.WeightShape is not { Length: 4 } w || n.Weight is null || n.Bias is null) return Throw(fail, "needs a C×H×W input, a 4-D weight and a bias");
        if (w[1] != s[0] || w[2] != n.Kernel || w[3] != n.Kernel || n.Stride < 1 || n.Padding < 0)
            return Throw(fail, $"weight [{string.Join(',', w)}] does not fit input channels {s[0]}, kernel {n.Kernel}, stride {n.Stride}");
        if (n.Weight.LongLength != w.Aggregate(1L, (a, b) => a * b)) return Throw(fail, "weight length disagrees with its shape");
        if (n.Bias.Length != w[0]) return Throw(fail, $"bias has {n.Bias.Length} values for {w[0]} output channels");
        long h = (s[1] + 2 * n.Padding - n.Kernel) / n.Stride + 1, width = (s[2] + 2 * n.Padding - n.Kernel) / n.Stride + 1;
        return h >= 1 && width >= 1 ? [w[0], h, width] : Throw(fail, "kernel larger than the padded input");
    }

    private static long[] LinearShape(GraphNode n, long size, Action<string> fail)
    {
        if (n.WeightShape is not { Length: 2 } w || n.Weight is null || n.Bias is null) return Throw(fail, "needs a 2-D weight and a bias");
        if (w[1] != size || n.Weight.LongLength != w[0] * w[1]) return Throw(fail, $"weight [{w[0]},{w[1]}] does not fit {size} inputs");
        if (n.Bias.Length != w[0]) return Throw(fail, $"bias has {n.Bias.Length} values for {w[0]} outputs");
        return [w[0]];
    }

    private static long[] Throw(Action<string> fail, string why)
    {
        fail(why);
        return [];
    }
}

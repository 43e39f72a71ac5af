namespace PiToolkit.ModelFormat;

/// <summary>
/// Structural checks of a decoded <see cref="ModelGraph"/>: every reference, shape and tensor size
/// must agree, every number must be finite, and a node may carry only the fields its operation uses,
/// before the graph is evaluated. The rules are listed in docs/model-format.md.
/// </summary>
/// <remarks>
/// A server evaluates graphs that arrive from elsewhere, so anything the interpreter or the protocol
/// would otherwise trust (an index, a length, a NaN weight that would poison the fixed-point
/// encoding, a stray mask that a reader might apply) is rejected here, once.
/// </remarks>
public static class PimValidator
{
    /// <summary>Throws <see cref="ModelFormatException"/> naming the first rule the graph breaks and, for a node, its index and operation.</summary>
    /// <exception cref="ModelFormatException">The graph breaks a rule.</exception>
    public static void Validate(ModelGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (graph.Classes < 2) throw new ModelFormatException($"{graph.Classes} classes");
        if (graph.InputShape is not { Length: 3 } || graph.InputShape.Any(d => d < 1))
            throw new ModelFormatException($"input shape [{string.Join(',', graph.InputShape ?? [])}], expected a positive C×H×W");
        if (graph.Mean.Length != graph.InputShape[0] || graph.Std.Length != graph.InputShape[0])
            throw new ModelFormatException($"normalisation has {graph.Mean.Length} means and {graph.Std.Length} standard deviations for {graph.InputShape[0]} input channels");
        CheckFinite(graph.Mean, "normalisation mean", why => throw new ModelFormatException(why));
        CheckFinite(graph.Std, "normalisation standard deviation", why => throw new ModelFormatException(why));
        if (graph.Std.Any(s => s <= 0)) throw new ModelFormatException("normalisation standard deviation is not positive");
        if (graph.Nodes.Count < 1) throw new ModelFormatException("the graph has no nodes");
        var shapes = new List<long[]> { graph.InputShape };
        for (int k = 0; k < graph.Nodes.Count; k++)
        {
            var n = graph.Nodes[k];
            void Fail(string why) => throw new ModelFormatException($"node {k} ({n.Op}): {why}");
            if (n.Inputs.Length is not (1 or 2)) Fail($"{n.Inputs.Length} inputs");
            if (n.Inputs.Any(i => i < 0 || i >= shapes.Count)) Fail($"input refers to value {string.Join(',', n.Inputs)}, only {shapes.Count} exist so far");
            if (n.Op != GraphOp.Add && n.Inputs.Length != 1) Fail("takes one input");
            CheckUnusedFields(n, Fail);
            if (n.Weight is not null) CheckFinite(n.Weight, "weight", Fail);
            if (n.Bias is not null) CheckFinite(n.Bias, "bias", Fail);
            long[] s = shapes[n.Inputs[0]];
            long size = s.Aggregate(1L, (a, b) => a * b);
            long[] expected = n.Op switch
            {
                GraphOp.Conv => ConvShape(n, s, Fail),
                GraphOp.Linear => LinearShape(n, size, Fail),
                GraphOp.AvgPool or GraphOp.MaxPool => PoolShape(n, s, Fail),
                GraphOp.Flatten => [size],
                GraphOp.Add => n.Inputs.Length == 2 && shapes[n.Inputs[1]].SequenceEqual(s) ? s : Throw(Fail, "adds values of different shapes"),
                GraphOp.Relu => s,
                GraphOp.MaskedRelu => n.Mask?.Length == size ? s : Throw(Fail, $"mask has {n.Mask?.Length ?? 0} flags for {size} activations"),
                _ => Throw(Fail, "unknown operation"),
            };
            if (!n.OutputShape.SequenceEqual(expected))
                Fail($"output shape [{string.Join(',', n.OutputShape)}], the inputs give [{string.Join(',', expected)}]");
            shapes.Add(n.OutputShape);
        }
        if (shapes[^1].Aggregate(1L, (a, b) => a * b) != graph.Classes)
            throw new ModelFormatException($"the last node yields {shapes[^1].Aggregate(1L, (a, b) => a * b)} values for {graph.Classes} classes");
    }

    // Which fields each operation reads. Anything else must be absent (null or zero): a reader that
    // ignores a stray mask or stride would compute something other than what the writer meant.
    private static void CheckUnusedFields(GraphNode n, Action<string> fail)
    {
        bool weights = n.Op is GraphOp.Conv or GraphOp.Linear;
        bool window = n.Op is GraphOp.Conv or GraphOp.AvgPool or GraphOp.MaxPool;
        bool strided = n.Op is GraphOp.Conv;
        if (!weights && (n.Weight is not null || n.WeightShape is not null)) fail("carries a weight, which this operation does not use");
        if (!weights && n.Bias is not null) fail("carries a bias, which this operation does not use");
        if (n.Op != GraphOp.MaskedRelu && n.Mask is not null) fail("carries a mask, which this operation does not use");
        if (!window && n.Kernel != 0) fail($"kernel {n.Kernel}, which this operation does not use (must be 0)");
        if (!strided && (n.Stride != 0 || n.Padding != 0)) fail($"stride {n.Stride} and padding {n.Padding}, which this operation does not use (must be 0)");
    }

    private static void CheckFinite(double[] values, string what, Action<string> fail)
    {
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i])) fail($"{what} {i} is {values[i]}, not a finite number");
    }

    private static void CheckFinite(float[] values, string what, Action<string> fail)
    {
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i])) fail($"{what} {i} is {values[i]}, not a finite number");
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

    // Both sides are checked: a kernel that fits the height but not the width would give a
    // zero-width output, and the interpreter would read past each row.
    private static long[] PoolShape(GraphNode n, long[] s, Action<string> fail)
    {
        if (s.Length != 3) return Throw(fail, "pooling needs a C×H×W input");
        if (n.Kernel < 1) return Throw(fail, $"pooling kernel {n.Kernel} is not positive");
        if (s[1] / n.Kernel < 1 || s[2] / n.Kernel < 1)
            return Throw(fail, $"pooling kernel {n.Kernel} does not fit the {s[1]}×{s[2]} input (height and width must both hold a window)");
        return [s[0], s[1] / n.Kernel, s[2] / n.Kernel];
    }

    private static long[] Throw(Action<string> fail, string why)
    {
        fail(why);
        return [];
    }
}

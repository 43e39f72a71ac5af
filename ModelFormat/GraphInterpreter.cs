namespace PiToolkit.ModelFormat;

/// <summary>
/// Evaluates a <see cref="ModelGraph"/> in plain C# floating point, one sample at a time. It shares
/// no code with libtorch, so agreeing with TorchSharp's output checks the export, and it is the
/// cleartext reference for secure inference.
/// </summary>
public static class GraphInterpreter
{
    /// <summary>Logits for one normalised input of the graph's input shape (C×H×W, row-major).</summary>
    /// <exception cref="ArgumentException">The input has the wrong length.</exception>
    public static float[] Evaluate(ModelGraph graph, ReadOnlySpan<float> input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        long expected = graph.InputShape.Aggregate(1L, (a, b) => a * b);
        if (input.Length != expected) throw new ArgumentException($"input has {input.Length} values, the graph takes {expected}", nameof(input));
        var values = new List<float[]> { input.ToArray() };
        var shapes = new List<long[]> { graph.InputShape };
        foreach (var node in graph.Nodes)
        {
            float[] x = values[node.Inputs[0]];
            long[] s = shapes[node.Inputs[0]];
            values.Add(node.Op switch
            {
                GraphOp.Conv => Convolve(node, x, s),
                GraphOp.Linear => Dense(node, x),
                GraphOp.AvgPool or GraphOp.MaxPool => Pool(node, x, s),
                GraphOp.Flatten => x,
                GraphOp.Add => x.Zip(values[node.Inputs[1]], (a, b) => a + b).ToArray(),
                GraphOp.Relu => x.Select(v => Math.Max(v, 0f)).ToArray(),
                GraphOp.MaskedRelu => x.Select((v, i) => node.Mask![i] ? Math.Max(v, 0f) : v).ToArray(),
                _ => throw new NotSupportedException($"operation {node.Op}"),
            });
            shapes.Add(node.OutputShape);
        }
        return values[^1];
    }

    private static float[] Convolve(GraphNode node, float[] x, long[] s)
    {
        int cin = (int)s[0], h = (int)s[1], w = (int)s[2];
        int cout = (int)node.OutputShape[0], oh = (int)node.OutputShape[1], ow = (int)node.OutputShape[2];
        int k = node.Kernel, stride = node.Stride, pad = node.Padding;
        var y = new float[cout * oh * ow];
        for (int o = 0; o < cout; o++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                {
                    double sum = node.Bias![o];
                    for (int c = 0; c < cin; c++)
                        for (int di = 0; di < k; di++)
                        {
                            int r = i * stride + di - pad;
                            if (r < 0 || r >= h) continue;
                            for (int dj = 0; dj < k; dj++)
                            {
                                int col = j * stride + dj - pad;
                                if (col < 0 || col >= w) continue;
                                sum += node.Weight![((o * cin + c) * k + di) * k + dj] * x[(c * h + r) * w + col];
                            }
                        }
                    y[(o * oh + i) * ow + j] = (float)sum;
                }
        return y;
    }

    private static float[] Dense(GraphNode node, float[] x)
    {
        int outputs = (int)node.WeightShape![0], inputs = (int)node.WeightShape[1];
        var y = new float[outputs];
        for (int o = 0; o < outputs; o++)
        {
            double sum = node.Bias![o];
            for (int i = 0; i < inputs; i++) sum += node.Weight![o * inputs + i] * x[i];
            y[o] = (float)sum;
        }
        return y;
    }

    private static float[] Pool(GraphNode node, float[] x, long[] s)
    {
        int c = (int)s[0], h = (int)s[1], w = (int)s[2], k = node.Kernel;
        int oh = (int)node.OutputShape[1], ow = (int)node.OutputShape[2];
        var y = new float[c * oh * ow];
        for (int ch = 0; ch < c; ch++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                {
                    double acc = node.Op == GraphOp.MaxPool ? double.NegativeInfinity : 0;
                    for (int di = 0; di < k; di++)
                        for (int dj = 0; dj < k; dj++)
                        {
                            float v = x[(ch * h + i * k + di) * w + j * k + dj];
                            acc = node.Op == GraphOp.MaxPool ? Math.Max(acc, v) : acc + v;
                        }
                    y[(ch * oh + i) * ow + j] = (float)(node.Op == GraphOp.MaxPool ? acc : acc / (k * k));
                }
        return y;
    }
}

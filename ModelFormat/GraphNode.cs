namespace PiToolkit.ModelFormat;

/// <summary>
/// One operation of a <see cref="ModelGraph"/>. Value 0 is the graph input and node i produces
/// value i + 1; <see cref="Inputs"/> name earlier values only. Fields an operation does not use are
/// null or zero.
/// </summary>
/// <param name="Op">The operation.</param>
/// <param name="Inputs">Values consumed (one, or two for <see cref="GraphOp.Add"/>).</param>
/// <param name="OutputShape">Per-sample shape of the result (C×H×W or a vector length).</param>
/// <param name="Weight">Conv [out, in, k, k] or linear [out, in] weights, row-major.</param>
/// <param name="WeightShape">Shape of <see cref="Weight"/>.</param>
/// <param name="Bias">One bias per output channel or unit.</param>
/// <param name="Kernel">Conv or pooling window side.</param>
/// <param name="Stride">Conv stride (pooling uses the kernel as stride).</param>
/// <param name="Padding">Conv zero padding on every side.</param>
/// <param name="Mask">MaskedRelu: one flag per activation (C×H×W), true = ReLU.</param>
public sealed record GraphNode(
    GraphOp Op, int[] Inputs, long[] OutputShape,
    float[]? Weight = null, long[]? WeightShape = null, float[]? Bias = null,
    int Kernel = 0, int Stride = 0, int Padding = 0, bool[]? Mask = null)
{
    /// <summary>ReLUs this node evaluates (secure comparisons for max pooling are not ReLUs).</summary>
    public long Relus => Op switch
    {
        GraphOp.Relu => OutputShape.Aggregate(1L, (a, b) => a * b),
        GraphOp.MaskedRelu => Mask!.LongCount(m => m),
        _ => 0,
    };
}

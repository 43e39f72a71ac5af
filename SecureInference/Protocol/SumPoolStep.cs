using PiToolkit.SecureInference.Arithmetic;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// Average pooling with a k×k window and stride k, as sum pooling: a public linear map that each
/// party applies to its own share, so it costs nothing. The 1/k² goes into the scale: for k a power
/// of two the scale grows by 2·log2 k (exact); otherwise the sum is multiplied by round(2^f / k²)
/// and the scale grows by f (the only rounding this step adds).
/// </summary>
public sealed class SumPoolStep : PlanStep
{
    internal SumPoolStep(int index, string name, int input, int channels, int height, int width, int kernel, ulong multiplier, int outputScale)
        : base(index, name, [input], channels * (height / kernel) * (width / kernel), outputScale)
    {
        Channels = channels;
        Height = height;
        Width = width;
        Kernel = kernel;
        Multiplier = multiplier;
    }

    /// <inheritdoc/>
    public override PlanStepKind Kind => PlanStepKind.SumPool;

    /// <summary>Input channels.</summary>
    public int Channels { get; }

    /// <summary>Input height.</summary>
    public int Height { get; }

    /// <summary>Input width.</summary>
    public int Width { get; }

    /// <summary>Window and stride.</summary>
    public int Kernel { get; }

    /// <summary>Public factor applied to each window sum (1 when k is a power of two).</summary>
    public ulong Multiplier { get; }

    /// <summary>Applies the map to one share (or to the whole value) mod p.</summary>
    internal ulong[] Apply(ReadOnlySpan<ulong> input, PrimeField field)
    {
        int oh = Height / Kernel, ow = Width / Kernel;
        var output = new ulong[Channels * oh * ow];
        for (int c = 0; c < Channels; c++)
            for (int y = 0; y < oh; y++)
                for (int x = 0; x < ow; x++)
                {
                    ulong sum = 0;
                    for (int dy = 0; dy < Kernel; dy++)
                        for (int dx = 0; dx < Kernel; dx++)
                            sum = field.Add(sum, input[(c * Height + y * Kernel + dy) * Width + x * Kernel + dx]);
                    output[(c * oh + y) * ow + x] = field.Mul(sum, Multiplier);
                }
        return output;
    }

    /// <summary>The same map on magnitudes.</summary>
    internal double[] ApplyMagnitudes(ReadOnlySpan<double> input)
    {
        int oh = Height / Kernel, ow = Width / Kernel;
        var output = new double[Channels * oh * ow];
        for (int c = 0; c < Channels; c++)
            for (int y = 0; y < oh; y++)
                for (int x = 0; x < ow; x++)
                {
                    double sum = 0;
                    for (int dy = 0; dy < Kernel; dy++)
                        for (int dx = 0; dx < Kernel; dx++)
                            sum += input[(c * Height + y * Kernel + dy) * Width + x * Kernel + dx];
                    output[(c * oh + y) * ow + x] = sum * Multiplier;
                }
        return output;
    }

    private protected override void WriteDetails(BinaryWriter writer)
    {
        writer.Write(Channels);
        writer.Write(Height);
        writer.Write(Width);
        writer.Write(Kernel);
        writer.Write(Multiplier);
    }
}

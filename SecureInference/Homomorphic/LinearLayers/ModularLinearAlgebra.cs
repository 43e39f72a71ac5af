using PiToolkit.SecureInference.Arithmetic;

namespace PiToolkit.SecureInference.Homomorphic.LinearLayers;

/// <summary>
/// The same linear maps in the clear, mod p: the server's online step in Delphi (M·(x − r)) and a
/// reference for the homomorphic kernels. Weights, inputs and outputs are residues in [0, p).
/// </summary>
public static class ModularLinearAlgebra
{
    /// <summary>y = M·x mod p for a fully connected layer.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="geometry"/> or <paramref name="field"/> is null.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length, or the geometry is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A weight or input is not below p.</exception>
    public static void MultiplyMatrixVector(FullyConnectedGeometry geometry, ReadOnlySpan<ulong> weights, ReadOnlySpan<ulong> input,
        Span<ulong> output, PrimeField field)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        geometry.Validate();
        CheckArguments(geometry.WeightCount, geometry.Inputs, geometry.Outputs, weights, input, output, field);
        long chunk = field.ProductsPerReduction;
        for (int o = 0; o < geometry.Outputs; o++)
        {
            UInt128 sum = 0;
            ReadOnlySpan<ulong> row = weights.Slice(o * geometry.Inputs, geometry.Inputs);
            long pending = 0;
            for (int i = 0; i < row.Length; i++)
            {
                sum += Math.BigMul(row[i], input[i]);
                if (++pending == chunk)
                    (sum, pending) = (field.Reduce(sum), 1);
            }
            output[o] = field.Reduce(sum);
        }
    }

    /// <summary>y = conv(x) mod p (cross-correlation, as in PyTorch), zero padding, no bias.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="geometry"/> or <paramref name="field"/> is null.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length, or the geometry is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A weight or input is not below p.</exception>
    public static void Convolve(ConvolutionGeometry geometry, ReadOnlySpan<ulong> weights, ReadOnlySpan<ulong> input,
        Span<ulong> output, PrimeField field)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        geometry.Validate();
        CheckArguments(geometry.WeightCount, geometry.InputCount, geometry.OutputCount, weights, input, output, field);
        int c0 = geometry.InputChannels, h = geometry.InputHeight, w = geometry.InputWidth;
        int kh = geometry.KernelHeight, kw = geometry.KernelWidth, s = geometry.Stride, p = geometry.Padding;
        int ho = geometry.OutputHeight, wo = geometry.OutputWidth;
        long chunk = field.ProductsPerReduction;
        for (int o = 0; o < geometry.OutputChannels; o++)
        {
            for (int y = 0; y < ho; y++)
            {
                for (int x = 0; x < wo; x++)
                {
                    UInt128 sum = 0;
                    long pending = 0;
                    for (int c = 0; c < c0; c++)
                    {
                        for (int dy = 0; dy < kh; dy++)
                        {
                            int iy = y * s + dy - p;
                            if (iy < 0 || iy >= h)
                                continue;
                            for (int dx = 0; dx < kw; dx++)
                            {
                                int ix = x * s + dx - p;
                                if (ix < 0 || ix >= w)
                                    continue;
                                sum += Math.BigMul(weights[((o * c0 + c) * kh + dy) * kw + dx], input[(c * h + iy) * w + ix]);
                                if (++pending == chunk)
                                    (sum, pending) = (field.Reduce(sum), 1);
                            }
                        }
                    }
                    output[(o * ho + y) * wo + x] = field.Reduce(sum);
                }
            }
        }
    }

    private static void CheckArguments(int weightCount, int inputCount, int outputCount,
        ReadOnlySpan<ulong> weights, ReadOnlySpan<ulong> input, Span<ulong> output, PrimeField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        field.CheckResidues(weights, nameof(weights));
        field.CheckResidues(input, nameof(input));
        if (weights.Length != weightCount)
            throw new ArgumentException($"{weights.Length} weights given; the layer has {weightCount}.", nameof(weights));
        if (input.Length != inputCount)
            throw new ArgumentException($"{input.Length} inputs given; the layer takes {inputCount}.", nameof(input));
        if (output.Length != outputCount)
            throw new ArgumentException($"Output holds {output.Length} values; the layer gives {outputCount}.", nameof(output));
    }
}

namespace PiToolkit.SecureInference.Homomorphic.LinearLayers;

/// <summary>
/// Folds the linear layers that follow a convolution without a non-linearity in between into the
/// convolution itself, so that one homomorphic kernel computes them all: sum pooling (average
/// pooling without its 1/k² scale, which belongs to fixed-point rescaling) and batch norm's
/// per-channel scale (its shift is a bias, added in the clear by the server).
/// </summary>
public static class AffineFolding
{
    /// <summary>
    /// sumpool(kp, sp) ∘ conv(k, s) = conv(k + s·(kp − 1), s·sp) with the kernel
    /// W'[o, c, DY, DX] = Σ_{a, b &lt; kp} W[o, c, DY − s·a, DX − s·b] (terms outside the kernel are 0);
    /// padding is unchanged (the pooling has none).
    /// </summary>
    /// <param name="geometry">The convolution.</param>
    /// <param name="weights">Its weights, [O, C, kh, kw].</param>
    /// <param name="poolKernel">Pooling window kp (square).</param>
    /// <param name="poolStride">Pooling stride sp.</param>
    /// <param name="modulus">p; the folded weights are reduced mod p.</param>
    /// <returns>The folded geometry and weights; its output equals sum pooling of the convolution's output.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="geometry"/> is null.</exception>
    /// <exception cref="ArgumentException">Wrong weight count, or the pooling window does not fit the convolution's output.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Pooling kernel or stride below 1.</exception>
    public static (ConvolutionGeometry Geometry, long[] Weights) FoldSumPooling(
        ConvolutionGeometry geometry, ReadOnlySpan<long> weights, int poolKernel, int poolStride, ulong modulus)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        geometry.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(poolKernel, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(poolStride, 1);
        if (weights.Length != geometry.WeightCount)
            throw new ArgumentException($"{weights.Length} weights given; the layer has {geometry.WeightCount}.", nameof(weights));
        if (poolKernel > geometry.OutputHeight || poolKernel > geometry.OutputWidth)
            throw new ArgumentException("The pooling window is larger than the convolution's output.", nameof(poolKernel));

        int s = geometry.Stride, kh = geometry.KernelHeight, kw = geometry.KernelWidth;
        var folded = geometry with
        {
            KernelHeight = kh + s * (poolKernel - 1),
            KernelWidth = kw + s * (poolKernel - 1),
            Stride = s * poolStride,
        };
        var result = new long[folded.WeightCount];
        int taps = kh * kw, foldedTaps = folded.KernelHeight * folded.KernelWidth;
        for (int oc = 0; oc < geometry.OutputChannels * geometry.InputChannels; oc++)
        {
            for (int a = 0; a < poolKernel; a++)
            {
                for (int b = 0; b < poolKernel; b++)
                {
                    for (int dy = 0; dy < kh; dy++)
                    {
                        for (int dx = 0; dx < kw; dx++)
                        {
                            int target = oc * foldedTaps + (s * a + dy) * folded.KernelWidth + s * b + dx;
                            ulong sum = BatchEncoder.Reduce(result[target], modulus)
                                + BatchEncoder.Reduce(weights[oc * taps + dy * kw + dx], modulus);
                            result[target] = (long)(sum % modulus);
                        }
                    }
                }
            }
        }
        return (folded, result);
    }

    /// <summary>
    /// Multiplies every weight of output o by <paramref name="scale"/>[o] mod p: batch norm's
    /// per-channel factor γ/σ (already quantised) folded into a convolution or fully connected layer.
    /// </summary>
    /// <param name="weights">Weights grouped by output (conv [O, …] or FC [Outputs, Inputs]).</param>
    /// <param name="scale">One factor per output.</param>
    /// <param name="modulus">p.</param>
    /// <exception cref="ArgumentException">The weights do not split evenly into <paramref name="scale"/>.Length outputs.</exception>
    public static long[] ScaleOutputs(ReadOnlySpan<long> weights, ReadOnlySpan<long> scale, ulong modulus)
    {
        if (scale.IsEmpty || weights.Length % scale.Length != 0)
            throw new ArgumentException($"{weights.Length} weights do not split into {scale.Length} outputs.", nameof(scale));
        int perOutput = weights.Length / scale.Length;
        var result = new long[weights.Length];
        for (int i = 0; i < weights.Length; i++)
        {
            UInt128 product = (UInt128)BatchEncoder.Reduce(weights[i], modulus) * BatchEncoder.Reduce(scale[i / perOutput], modulus);
            result[i] = (long)(ulong)(product % modulus);
        }
        return result;
    }
}

using PiToolkit.SecureInference.Arithmetic;

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
    /// <param name="weights">Its weights, [O, C, kh, kw], residues mod p.</param>
    /// <param name="poolKernel">Pooling window kp (square).</param>
    /// <param name="poolStride">Pooling stride sp.</param>
    /// <param name="field">The field Z_p the weights live in.</param>
    /// <returns>The folded geometry and weights; its output equals sum pooling of the convolution's output.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="geometry"/> or <paramref name="field"/> is null.</exception>
    /// <exception cref="ArgumentException">Wrong weight count, or the pooling window does not fit the convolution's output.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Pooling kernel or stride below 1, or a weight is not below p.</exception>
    public static (ConvolutionGeometry Geometry, ulong[] Weights) FoldSumPooling(
        ConvolutionGeometry geometry, ReadOnlySpan<ulong> weights, int poolKernel, int poolStride, PrimeField field)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(field);
        field.CheckResidues(weights, nameof(weights));
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
        var result = new ulong[folded.WeightCount];
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
                            result[target] = field.Add(result[target], weights[oc * taps + dy * kw + dx]);
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
    /// <param name="weights">Weights grouped by output (conv [O, …] or FC [Outputs, Inputs]), residues mod p.</param>
    /// <param name="scale">One factor per output, residues mod p.</param>
    /// <param name="field">The field Z_p.</param>
    /// <exception cref="ArgumentNullException"><paramref name="field"/> is null.</exception>
    /// <exception cref="ArgumentException">The weights do not split evenly into <paramref name="scale"/>.Length outputs.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A weight or factor is not below p.</exception>
    public static ulong[] ScaleOutputs(ReadOnlySpan<ulong> weights, ReadOnlySpan<ulong> scale, PrimeField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        field.CheckResidues(weights, nameof(weights));
        field.CheckResidues(scale, nameof(scale));
        if (scale.IsEmpty || weights.Length % scale.Length != 0)
            throw new ArgumentException($"{weights.Length} weights do not split into {scale.Length} outputs.", nameof(scale));
        int perOutput = weights.Length / scale.Length;
        var result = new ulong[weights.Length];
        for (int i = 0; i < weights.Length; i++)
        {
            result[i] = field.Mul(weights[i], scale[i / perOutput]);
        }
        return result;
    }
}

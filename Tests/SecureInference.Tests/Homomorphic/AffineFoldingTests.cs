using System.Numerics;
using PiToolkit.SecureInference.Arithmetic;
using PiToolkit.SecureInference.Homomorphic.LinearLayers;

namespace PiToolkit.SecureInference.Tests.Homomorphic;

public sealed class AffineFoldingTests
{
    private const ulong P = 1073153;
    private static readonly PrimeField Field = PrimeField.Create(P);

    [Theory]
    [InlineData(2, 12, 12, 3, 5, 1, 0, 2, 2)]   // LeNet: conv 5×5 then 2×2 pooling
    [InlineData(3, 9, 7, 2, 3, 2, 1, 2, 1)]     // strided conv, overlapping pooling
    [InlineData(1, 8, 8, 2, 3, 1, 1, 3, 3)]
    public void Folded_convolution_equals_convolution_followed_by_sum_pooling(
        int c, int h, int w, int o, int k, int stride, int padding, int poolKernel, int poolStride)
    {
        var conv = new ConvolutionGeometry(c, h, w, o, k, k, stride, padding);
        var random = new Random(h * 31 + k);
        ulong[] weights = Reference.Random(random, conv.WeightCount, P), input = Reference.Random(random, conv.InputCount, P);
        var (folded, foldedWeights) = AffineFolding.FoldSumPooling(conv, weights, poolKernel, poolStride, Field);

        ulong[] y = Reference.Convolve(conv, weights, input, P);
        int ph = (conv.OutputHeight - poolKernel) / poolStride + 1, pw = (conv.OutputWidth - poolKernel) / poolStride + 1;
        Assert.Equal((ph, pw), (folded.OutputHeight, folded.OutputWidth));
        var expected = new ulong[o * ph * pw];
        for (int oc = 0; oc < o; oc++)
            for (int py = 0; py < ph; py++)
                for (int px = 0; px < pw; px++)
                {
                    BigInteger sum = 0;
                    for (int a = 0; a < poolKernel; a++)
                        for (int b = 0; b < poolKernel; b++)
                            sum += y[(oc * conv.OutputHeight + py * poolStride + a) * conv.OutputWidth + px * poolStride + b];
                    expected[(oc * ph + py) * pw + px] = Reference.Mod(sum, P);
                }
        Assert.Equal(expected, Reference.Convolve(folded, foldedWeights, input, P));
    }

    [Fact]
    public void ScaleOutputs_multiplies_each_output_row_by_its_factor_mod_p()
    {
        ulong[] weights = [1, 2, 3, 4, 5, 6];
        ulong[] scaled = AffineFolding.ScaleOutputs(weights, [10, P - 1], Field);
        Assert.Equal([10, 20, 30, P - 4, P - 5, P - 6], scaled);
        Assert.Throws<ArgumentException>(() => AffineFolding.ScaleOutputs(weights, [1, 2, 3, 4], Field));
        Assert.Throws<ArgumentOutOfRangeException>(() => AffineFolding.ScaleOutputs(weights, [1, P], Field));
    }
}

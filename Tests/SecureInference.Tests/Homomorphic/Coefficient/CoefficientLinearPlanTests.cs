using System.Numerics;
using PiToolkit.SecureInference.Arithmetic;
using PiToolkit.SecureInference.Homomorphic;
using PiToolkit.SecureInference.Homomorphic.LinearLayers;
using PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;

namespace PiToolkit.SecureInference.Tests.Homomorphic.Coefficient;

/// <summary>
/// The packing, checked without SEAL: the negacyclic product of the packed polynomials (computed
/// here with BigInteger, mod p) must hold the convolution at the plan's output coefficients.
/// </summary>
public sealed class CoefficientLinearPlanTests
{
    private static readonly PrimeField Field = PrimeField.Delphi;

    public static TheoryData<int, int, int, int, int, int, int, int, int> Layers => new()
    {
        // C, H, W, M, kh, kw, stride, padding, N
        { 1, 28, 28, 6, 5, 5, 1, 0, 8192 },     // LeNet-5 conv1
        { 6, 12, 12, 16, 5, 5, 1, 0, 8192 },    // LeNet-5 conv2
        { 400, 1, 1, 120, 1, 1, 1, 0, 8192 },   // LeNet-5 fc1
        { 16, 32, 32, 16, 3, 3, 1, 1, 8192 },   // ResNet-20 3×3, 'same'
        { 3, 7, 9, 4, 3, 3, 2, 1, 1024 },       // stride 2, padding
        { 3, 40, 40, 4, 3, 3, 2, 1, 1024 },     // tiles in both directions
        { 5, 30, 30, 2, 3, 3, 2, 1, 1024 },     // channel blocks and spatial tiles
        { 2, 5, 5, 3, 7, 7, 1, 3, 1024 },        // 7×7 kernel
        { 4, 6, 6, 7, 1, 1, 2, 0, 1024 },       // 1×1 stride-2 projection
        { 3000, 1, 1, 5, 1, 1, 1, 0, 1024 },    // FC wider than N: input blocks
        { 16, 1, 1, 5000, 1, 1, 1, 0, 4096 },   // FC with more outputs than N: output blocks
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void Packed_polynomial_products_hold_the_convolution_at_the_output_coefficients(
        int c, int h, int w, int m, int kh, int kw, int stride, int padding, int n)
    {
        var geometry = new ConvolutionGeometry(c, h, w, m, kh, kw, stride, padding);
        var plan = CoefficientLinearPlan.ForConvolution(geometry, EncryptionParameters.Create(n, Field));
        Check(plan, seed: c * 31 + h * 7 + m);
    }

    [Theory]
    [InlineData(1, 1, 5, 5)]
    [InlineData(2, 3, 6, 9)]
    [InlineData(3, 1, 9, 6)]
    public void Every_valid_blocking_is_correct_not_only_the_chosen_one(int cn, int mn, int hn, int wn)
    {
        var geometry = new ConvolutionGeometry(3, 7, 8, 4, 3, 3, 2, 1);
        var plan = CoefficientLinearPlan.WithBlocking(geometry, EncryptionParameters.Create(1024, Field), new CoefficientBlocking(cn, mn, hn, wn));
        Check(plan, seed: cn * 100 + mn * 10 + hn);
    }

    [Fact]
    public void A_blocking_that_would_wrap_onto_outputs_is_refused()
    {
        var geometry = new ConvolutionGeometry(4, 16, 16, 4, 3, 3);
        var parameters = EncryptionParameters.Create(1024, Field);
        Assert.NotNull(CoefficientLinearPlan.WithBlocking(geometry, parameters, new CoefficientBlocking(4, 1, 16, 16)));
        Assert.Throws<ArgumentException>(() => CoefficientLinearPlan.WithBlocking(geometry, parameters, new CoefficientBlocking(4, 2, 16, 16)));
    }

    [Fact]
    public void LeNet_layers_need_few_products_and_every_output_is_in_one_ciphertext_once()
    {
        var p = EncryptionParameters.Bfv8192();
        var conv1 = CoefficientLinearPlan.ForConvolution(new ConvolutionGeometry(1, 28, 28, 6, 5, 5), p);
        var conv2 = CoefficientLinearPlan.ForConvolution(new ConvolutionGeometry(6, 12, 12, 16, 5, 5), p);
        var fc1 = CoefficientLinearPlan.ForFullyConnected(new FullyConnectedGeometry(400, 120), p);
        // Slot encoding needs 25, 50 and 8 multiply_plains plus 24, 30 and 13 rotations.
        Assert.True(conv1.MultiplyPlainCount <= 1, conv1.ToString());
        Assert.True(conv2.MultiplyPlainCount <= 2, conv2.ToString());
        Assert.True(fc1.MultiplyPlainCount <= 6, fc1.ToString());
        foreach (var plan in new[] { conv1, conv2, fc1 })
        {
            var seen = new int[plan.OutputCount];
            for (int i = 0; i < plan.OutputCiphertextCount; i++)
                foreach (var (_, output) in plan.OutputPositions(i))
                    seen[output]++;
            Assert.All(seen, count => Assert.Equal(1, count));
        }
    }

    private static void Check(CoefficientLinearPlan plan, int seed)
    {
        var g = plan.Geometry;
        int n = plan.Parameters.PolyModulusDegree;
        ulong p = Field.Modulus;
        var random = new Random(seed);
        ulong[] weights = Reference.Random(random, g.WeightCount, p);
        ulong[] x = Reference.Random(random, g.InputCount, p);
        ulong[] expected = Reference.Convolve(g, weights, x, p);

        var inputs = new ulong[plan.InputCiphertextCount][];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = new ulong[n];
            plan.PackInput(x, i, inputs[i]);
        }
        var actual = new ulong[plan.OutputCount];
        var written = new bool[plan.OutputCount];
        for (int index = 0; index < plan.OutputCiphertextCount; index++)
        {
            int tile = index % plan.TileCount, mb = index / plan.TileCount;
            var sum = new BigInteger[n];
            for (int cb = 0; cb < plan.InputBlockCount; cb++)
            {
                var kernel = new ulong[n];
                if (plan.PackKernel(weights, cb, mb, kernel))
                    NegacyclicMultiplyAdd(inputs[plan.InputIndex(cb, tile)], kernel, sum);
            }
            foreach (var (coefficient, output) in plan.OutputPositions(index))
            {
                Assert.False(written[output]);
                written[output] = true;
                actual[output] = Reference.Mod(sum[coefficient], p);
            }
        }
        Assert.All(written, Assert.True);
        Assert.Equal(expected, actual);
    }

    // X^N = −1: a term past N lands at index − N, negated. Sparse: only non-zero coefficients.
    private static void NegacyclicMultiplyAdd(ulong[] a, ulong[] b, BigInteger[] sum)
    {
        int n = a.Length;
        var nonzeroB = Enumerable.Range(0, n).Where(j => b[j] != 0).ToArray();
        for (int i = 0; i < n; i++)
        {
            if (a[i] == 0)
                continue;
            foreach (int j in nonzeroB)
            {
                BigInteger term = (BigInteger)a[i] * b[j];
                int k = i + j;
                if (k < n)
                    sum[k] += term;
                else
                    sum[k - n] -= term;
            }
        }
    }
}

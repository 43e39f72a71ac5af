using PiToolkit.SecureInference.Arithmetic;
using PiToolkit.SecureInference.Homomorphic;
using PiToolkit.SecureInference.Homomorphic.LinearLayers;

namespace PiToolkit.SecureInference.Tests.Homomorphic;

public sealed class ModularLinearAlgebraTests
{
    [Theory]
    [InlineData(3, 7, 9, 4, 3, 3, 2, 1)]
    [InlineData(1, 28, 28, 6, 5, 5, 1, 0)]
    [InlineData(2, 5, 4, 3, 7, 7, 1, 3)]
    public void Convolve_matches_the_BigInteger_reference(int c, int h, int w, int o, int kh, int kw, int stride, int padding)
    {
        var g = new ConvolutionGeometry(c, h, w, o, kh, kw, stride, padding);
        ulong p = PrimeField.DelphiModulus;
        var random = new Random(h * w);
        ulong[] weights = Reference.Random(random, g.WeightCount, p), input = Reference.Random(random, g.InputCount, p);
        var output = new ulong[g.OutputCount];
        ModularLinearAlgebra.Convolve(g, weights, input, output, PrimeField.Delphi);
        Assert.Equal(Reference.Convolve(g, weights, input, p), output);
    }

    [Fact]
    public void MultiplyMatrixVector_matches_the_BigInteger_reference()
    {
        var g = new FullyConnectedGeometry(400, 120);
        ulong p = PrimeField.DelphiModulus;
        var random = new Random(400);
        ulong[] weights = Reference.Random(random, g.WeightCount, p), input = Reference.Random(random, 400, p);
        var output = new ulong[120];
        ModularLinearAlgebra.MultiplyMatrixVector(g, weights, input, output, PrimeField.Delphi);
        Assert.Equal(Reference.MatrixVector(g, weights, input, p), output);
    }

    // The kernels reduce once per ProductsPerReduction terms: 16 at the largest prime the field allows,
    // so a 400-term dot product of residues p − 1 (the largest products) reduces 25 times mid-sum.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Both_kernels_match_the_reference_at_the_largest_field_and_the_largest_residues(bool largest)
    {
        var field = PrimeField.Create((1UL << 62) - 57);
        Assert.Equal(16, field.ProductsPerReduction);
        ulong p = field.Modulus;
        var random = new Random(62);
        ulong[] Values(int count) => largest ? [.. Enumerable.Repeat(p - 1, count)] : Reference.Random(random, count, p);

        var fc = new FullyConnectedGeometry(400, 7);
        ulong[] weights = Values(fc.WeightCount), input = Values(400);
        var output = new ulong[7];
        ModularLinearAlgebra.MultiplyMatrixVector(fc, weights, input, output, field);
        Assert.Equal(Reference.MatrixVector(fc, weights, input, p), output);

        var conv = new ConvolutionGeometry(6, 12, 12, 3, 5, 5, 1, 2);
        weights = Values(conv.WeightCount);
        input = Values(conv.InputCount);
        var convolved = new ulong[conv.OutputCount];
        ModularLinearAlgebra.Convolve(conv, weights, input, convolved, field);
        Assert.Equal(Reference.Convolve(conv, weights, input, p), convolved);
    }

    [Fact]
    public void Wrong_lengths_throw_ArgumentException()
    {
        var g = new FullyConnectedGeometry(4, 2);
        Assert.Throws<ArgumentException>(() => ModularLinearAlgebra.MultiplyMatrixVector(g, new ulong[7], new ulong[4], new ulong[2], PrimeField.Create(17)));
        Assert.Throws<ArgumentException>(() => ModularLinearAlgebra.MultiplyMatrixVector(g, new ulong[8], new ulong[3], new ulong[2], PrimeField.Create(17)));
    }
}

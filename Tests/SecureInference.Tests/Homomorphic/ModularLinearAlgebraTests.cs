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

    [Fact]
    public void Wrong_lengths_throw_ArgumentException()
    {
        var g = new FullyConnectedGeometry(4, 2);
        Assert.Throws<ArgumentException>(() => ModularLinearAlgebra.MultiplyMatrixVector(g, new ulong[7], new ulong[4], new ulong[2], PrimeField.Create(17)));
        Assert.Throws<ArgumentException>(() => ModularLinearAlgebra.MultiplyMatrixVector(g, new ulong[8], new ulong[3], new ulong[2], PrimeField.Create(17)));
    }
}

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
        ulong p = EncryptionParameters.DelphiPlainModulus;
        var random = new Random(h * w);
        long[] weights = Reference.Random(random, g.WeightCount, p), input = Reference.Random(random, g.InputCount, p);
        var output = new long[g.OutputCount];
        ModularLinearAlgebra.Convolve(g, weights, input, output, p);
        Assert.Equal(Reference.Convolve(g, weights, input, p), output);
    }

    [Fact]
    public void MultiplyMatrixVector_matches_the_BigInteger_reference()
    {
        var g = new FullyConnectedGeometry(400, 120);
        ulong p = EncryptionParameters.DelphiPlainModulus;
        var random = new Random(400);
        long[] weights = Reference.Random(random, g.WeightCount, p), input = Reference.Random(random, 400, p);
        var output = new long[120];
        ModularLinearAlgebra.MultiplyMatrixVector(g, weights, input, output, p);
        Assert.Equal(Reference.MatrixVector(g, weights, input, p), output);
    }

    [Fact]
    public void Wrong_lengths_throw_ArgumentException()
    {
        var g = new FullyConnectedGeometry(4, 2);
        Assert.Throws<ArgumentException>(() => ModularLinearAlgebra.MultiplyMatrixVector(g, new long[7], new long[4], new long[2], 17));
        Assert.Throws<ArgumentException>(() => ModularLinearAlgebra.MultiplyMatrixVector(g, new long[8], new long[3], new long[2], 17));
    }
}

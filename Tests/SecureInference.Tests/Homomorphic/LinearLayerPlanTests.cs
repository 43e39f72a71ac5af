using PiToolkit.SecureInference.Homomorphic;
using PiToolkit.SecureInference.Homomorphic.LinearLayers;

namespace PiToolkit.SecureInference.Tests.Homomorphic;

public sealed class LinearLayerPlanTests
{
    [Fact]
    public void LeNet_conv1_at_N8192_takes_one_ciphertext_each_way_25_products_and_24_rotations()
    {
        var plan = LinearLayerPlan.ForConvolution(new ConvolutionGeometry(1, 28, 28, 6, 5, 5), EncryptionParameters.Bfv8192());
        Assert.Equal((1, 1, 25, 24), (plan.InputCiphertextCount, plan.OutputCiphertextCount, plan.MultiplyPlainCount, plan.RotationCount));
        Assert.Equal(24, plan.RotationSteps.Length);
    }

    [Fact]
    public void LeNet_fc1_at_N8192_takes_8_products_and_13_rotations()
    {
        var plan = LinearLayerPlan.ForFullyConnected(new FullyConnectedGeometry(400, 120), EncryptionParameters.Bfv8192());
        Assert.Equal((1, 1, 8, 13), (plan.InputCiphertextCount, plan.OutputCiphertextCount, plan.MultiplyPlainCount, plan.RotationCount));
    }

    [Theory]
    [InlineData(3, 7, 9, 4, 3, 3, 2, 1)]
    [InlineData(5, 30, 30, 9, 3, 3, 1, 1)]
    [InlineData(16, 16, 16, 32, 3, 3, 2, 1)]
    public void Convolution_outputs_land_in_distinct_slots(int c, int h, int w, int o, int kh, int kw, int stride, int padding)
    {
        var plan = LinearLayerPlan.ForConvolution(new ConvolutionGeometry(c, h, w, o, kh, kw, stride, padding), EncryptionParameters.Bfv4096());
        int[] positions = plan.OutputPositions();
        Assert.Equal(positions.Length, positions.Distinct().Count());
        Assert.All(positions, s => Assert.InRange(s, 0, plan.OutputCiphertextCount * 4096 - 1));
        Assert.All(plan.RotationSteps, s => Assert.InRange(s, 1, 2047));
    }

    [Fact]
    public void A_channel_larger_than_a_row_is_rejected()
    {
        Assert.Throws<ArgumentException>(() =>
            LinearLayerPlan.ForConvolution(new ConvolutionGeometry(1, 64, 64, 1, 3, 3, 1, 1), EncryptionParameters.Bfv4096()));
    }

    [Fact]
    public void Invalid_geometry_is_rejected()
    {
        Assert.Throws<ArgumentException>(() =>
            LinearLayerPlan.ForConvolution(new ConvolutionGeometry(1, 4, 4, 1, 5, 5), EncryptionParameters.Bfv4096()));
        Assert.Throws<ArgumentException>(() =>
            LinearLayerPlan.ForFullyConnected(new FullyConnectedGeometry(0, 3), EncryptionParameters.Bfv4096()));
    }
}

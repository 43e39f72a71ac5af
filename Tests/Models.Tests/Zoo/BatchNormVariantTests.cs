using PiToolkit.Models.Census;
using PiToolkit.Models.Zoo;
using TorchSharp.Modules;

namespace PiToolkit.Models.Tests.Zoo;

/// <summary>The opt-in batch-norm variants of the MNIST CNNs (<see cref="ModelOptions.BatchNorm"/>).</summary>
public sealed class BatchNormVariantTests
{
    [Theory]
    [InlineData("lenet5")]
    [InlineData("minionn-mnist")]
    public void The_variant_puts_a_batch_norm_after_each_convolution_and_keeps_the_ReLUs(string architecture)
    {
        using var plain = ModelZoo.Build(new ModelOptions(architecture, Pooling: PoolingKind.Average));
        using var normed = ModelZoo.Build(new ModelOptions(architecture, Pooling: PoolingKind.Average, BatchNorm: true));
        var plainCensus = ReluCensus.Take(plain);
        var census = ReluCensus.Take(normed);
        Assert.Equal(plainCensus.TotalRelus, census.TotalRelus);
        Assert.Equal(plainCensus.Sites.Select(s => (s.Name, s.Relus)), census.Sites.Select(s => (s.Name, s.Relus)));
        Assert.Equal(plainCensus.Macs, census.Macs);

        var modules = normed.named_modules().ToDictionary(m => m.name, m => m.module);
        Assert.Equal(["features.bn1", "features.bn2"], modules.Where(m => m.Value is BatchNorm2d).Select(m => m.Key));
        // The batch norm's shift replaces the convolution's bias: 2 parameters per channel instead of 1.
        var conv1 = (Conv2d)modules["features.conv1"];
        var conv2 = (Conv2d)modules["features.conv2"];
        Assert.Null(conv1.bias);
        Assert.Null(conv2.bias);
        Assert.Equal(plainCensus.Parameters + conv1.out_channels + conv2.out_channels, census.Parameters);
    }

    [Theory]
    [InlineData("mlp")]
    [InlineData("vgg11")]
    [InlineData("resnet20")]
    public void Models_without_the_option_refuse_it_rather_than_build_something_else(string architecture)
    {
        var e = Assert.Throws<ArgumentException>(() => ModelZoo.Build(new ModelOptions(architecture, BatchNorm: true)));
        Assert.Contains("lenet5", e.Message);
    }
}

using PiToolkit.Models.Census;
using PiToolkit.Models.Zoo;

namespace PiToolkit.Models.Tests.Census;

/// <summary>Census values checked against counts computed by hand from each architecture's definition.</summary>
public sealed class ReluCensusTests
{
    private static CensusReport CensusOf(string architecture, int channels = 1, int size = 28, PoolingKind pooling = PoolingKind.Max)
    {
        using var model = ModelZoo.Build(new ModelOptions(architecture, 10, channels, size, size, Pooling: pooling));
        return ReluCensus.Take(model);
    }

    [Fact]
    public void LeNet5_on_28x28_has_4684_ReLUs_at_four_sites()
    {
        var census = CensusOf("lenet5");
        // conv6 5×5 unpadded: 6×24×24; pool → 12×12; conv16 5×5: 16×8×8; FC120; FC84.
        Assert.Equal([6 * 24 * 24, 16 * 8 * 8, 120, 84], census.Sites.Select(s => s.Relus));
        Assert.Equal(4_684, census.TotalRelus);
        Assert.Equal(["features.relu1", "features.relu2", "classifier.relu3", "classifier.relu4"], census.Sites.Select(s => s.Name));
        Assert.Equal([6L, 24, 24], census.Sites[0].Shape);
    }

    [Fact]
    public void LeNet5_parameters_and_MACs_match_the_layer_sizes()
    {
        var census = CensusOf("lenet5");
        long parameters = (6 * 25 + 6) + (16 * 6 * 25 + 16) + (256 * 120 + 120) + (120 * 84 + 84) + (84 * 10 + 10);
        long macs = 6 * 24 * 24 * 25 + 16 * 8 * 8 * (6 * 25) + 256 * 120 + 120 * 84 + 84 * 10;
        Assert.Equal(parameters, census.Parameters);
        Assert.Equal(macs, census.Macs);
    }

    [Fact]
    public void Max_pooling_comparisons_are_counted_apart_and_vanish_with_average_pooling()
    {
        var max = CensusOf("lenet5");
        // Each 2×2 window costs three comparisons: 6×12×12 and 16×4×4 windows.
        Assert.Equal(3 * (6 * 12 * 12 + 16 * 4 * 4), max.TotalMaxPoolComparisons);
        var average = CensusOf("lenet5", pooling: PoolingKind.Average);
        Assert.Equal(0, average.TotalMaxPoolComparisons);
        Assert.Empty(average.MaxPools);
        Assert.Equal(max.TotalRelus, average.TotalRelus);
        // The cost a secure evaluation pays: 4,684 ReLUs + 3,360 comparisons with max pooling, the ReLUs alone with average pooling.
        Assert.Equal(4_684 + 3_360, max.TotalNonlinear);
        Assert.Equal(4_684, average.TotalNonlinear);
    }

    [Fact]
    public void ResNet18_CIFAR_with_a_stem_ReLU_has_557056_ReLUs()
    {
        var census = CensusOf("resnet18", 3, 32);
        // Stem 64×32×32, then four stages of two blocks with two ReLUs each.
        long expected = 64 * 32 * 32 + 4 * (64 * 32 * 32) + 4 * (128 * 16 * 16) + 4 * (256 * 8 * 8) + 4 * (512 * 4 * 4);
        Assert.Equal(557_056, expected);
        Assert.Equal(expected, census.TotalRelus);
        Assert.Equal(17, census.Sites.Count);
    }

    [Theory]
    [InlineData("resnet20", 3)]
    [InlineData("resnet32", 5)]
    public void He_CIFAR_ResNets_have_the_published_ReLU_counts(string architecture, int blocks)
    {
        long expected = 16 * 32 * 32 + 2 * blocks * (16 * 32 * 32 + 32 * 16 * 16 + 64 * 8 * 8);
        Assert.Equal(expected, CensusOf(architecture, 3, 32).TotalRelus);
        if (architecture == "resnet32") Assert.Equal(303_104, expected); // Delphi's ResNet-32 figure.
    }

    [Fact]
    public void The_other_zoo_models_match_their_definitions()
    {
        Assert.Equal(300 + 100, CensusOf("mlp").TotalRelus);
        Assert.Equal(16 * 24 * 24 + 16 * 8 * 8 + 100, CensusOf("minionn-mnist").TotalRelus);
        Assert.Equal(2 * 64 * 32 * 32 + 2 * 64 * 16 * 16 + 2 * 64 * 8 * 8 + 16 * 8 * 8, CensusOf("minionn-cifar", 3, 32).TotalRelus);
        Assert.Equal(64 * 1024 + 128 * 256 + 2 * 256 * 64 + 2 * 512 * 16 + 2 * 512 * 4, CensusOf("vgg11", 3, 32).TotalRelus);
        Assert.Equal(2 * 64 * 1024 + 2 * 128 * 256 + 3 * 256 * 64 + 3 * 512 * 16 + 3 * 512 * 4, CensusOf("vgg16", 3, 32).TotalRelus);
    }

    [Fact]
    public void Width_and_class_count_change_the_model()
    {
        using var narrow = ModelZoo.Build(new ModelOptions("lenet5", Classes: 7, Width: 0.5));
        var census = ReluCensus.Take(narrow);
        Assert.Equal(3 * 24 * 24 + 8 * 8 * 8 + 60 + 42, census.TotalRelus);
        using var output = narrow.forward(TorchSharp.torch.zeros(2, 1, 28, 28));
        Assert.Equal([2L, 7], output.shape);
    }

    [Fact]
    public void Every_site_is_a_distinct_module_instance()
    {
        using var model = ModelZoo.Build(new ModelOptions("resnet20", 10, 3, 32, 32));
        var sites = model.ReluSites();
        Assert.Equal(sites.Count, sites.Select(s => s.Site).Distinct().Count());
        Assert.Equal(sites.Count, sites.Select(s => s.Name).Distinct().Count());
    }

    [Fact]
    public void An_input_too_small_for_the_architecture_is_refused()
    {
        Assert.ThrowsAny<Exception>(() => ModelZoo.Build(new ModelOptions("lenet5", InputHeight: 8, InputWidth: 8)));
        Assert.Throws<ArgumentException>(() => ModelZoo.Build(new ModelOptions("nope")));
    }
}

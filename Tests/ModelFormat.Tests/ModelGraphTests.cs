namespace PiToolkit.ModelFormat.Tests;

public sealed class ModelGraphTests
{
    [Fact]
    public void NormalizePixels_divides_by_255_then_applies_each_channels_mean_and_std()
    {
        // Two channels of two pixels: channel 0 mean 0.5 std 0.25, channel 1 mean 0 std 2.
        var graph = new ModelGraph("two-channels", [2, 1, 2], 2, [0.5, 0], [0.25, 2], []);

        float[] input = graph.NormalizePixels([0, 255, 51, 255]);

        Assert.Equal([-2f, 2f, 0.1f, 0.5f], input);
    }

    [Fact]
    public void NormalizePixels_refuses_pixels_that_do_not_split_into_the_channels()
    {
        var graph = new ModelGraph("two-channels", [2, 1, 2], 2, [0.5, 0], [0.25, 2], []);

        Assert.Throws<ArgumentException>(() => graph.NormalizePixels([1, 2, 3]));
    }
}

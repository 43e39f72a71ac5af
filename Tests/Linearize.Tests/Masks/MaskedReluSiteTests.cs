using PiToolkit.Models.Zoo;
using static TorchSharp.torch;

namespace PiToolkit.Linearize.Tests.Masks;

public sealed class MaskedReluSiteTests
{
    private static readonly Tensor Input = tensor(new float[] { -2, -0.5f, 0, 0.5f, 3, -1, 4, -7 }, [2, 1, 2, 2]);

    [Fact]
    public void A_mask_of_ones_is_exactly_ReLU()
    {
        using var site = new ReluSite();
        site.SetMask(ones(1, 2, 2), trainable: false);
        Assert.Equal(nn.functional.relu(Input).data<float>().ToArray(), site.forward(Input).data<float>().ToArray());
    }

    [Fact]
    public void A_mask_of_zeros_is_exactly_the_identity()
    {
        using var site = new ReluSite();
        site.SetMask(zeros(1, 2, 2), trainable: false);
        Assert.Equal(Input.data<float>().ToArray(), site.forward(Input).data<float>().ToArray());
    }

    [Fact]
    public void A_partial_mask_applies_ReLU_only_where_it_is_one()
    {
        using var site = new ReluSite();
        site.forward(Input);
        site.SetMask(tensor(new float[] { 1, 0, 0, 1 }, [1, 2, 2]), trainable: false);
        var y = site.forward(Input).data<float>().ToArray();
        Assert.Equal([0f, -0.5f, 0, 0.5f, 3, -1, 4, 0], y);
        Assert.Equal(4, site.Capacity);
        Assert.Equal(2, site.Count);
    }

    [Fact]
    public void A_channel_mask_counts_whole_feature_maps()
    {
        using var site = new ReluSite();
        using var x = randn(1, 3, 4, 4);
        site.forward(x);
        site.SetMask(tensor(new float[] { 1, 0, 1 }, [3, 1, 1]), trainable: false);
        Assert.Equal(2 * 16, site.Count);
    }

    [Fact]
    public void A_mask_that_does_not_fit_the_site_is_refused()
    {
        using var site = new ReluSite();
        site.forward(Input);
        Assert.Throws<ArgumentException>(() => site.SetMask(ones(2, 2, 2), trainable: false));
        site.SetMask(ones(1, 2, 2), trainable: true);
        Assert.Throws<ArgumentException>(() => site.SetMask(ones(1, 1, 1), trainable: false));
    }

    [Fact]
    public void Setting_a_mask_again_updates_the_same_parameter()
    {
        using var site = new ReluSite();
        site.SetMask(ones(1, 2, 2), trainable: true);
        var first = site.Mask;
        site.SetMask(zeros(1, 2, 2), trainable: false);
        Assert.Same(first, site.Mask);
        Assert.False(site.Mask!.requires_grad);
        Assert.Equal(0f, site.Mask.sum().item<float>());
    }
}

using PiToolkit.Models.Training;
using static TorchSharp.torch;

namespace PiToolkit.Models.Tests.Training;

public sealed class AugmentationTests
{
    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private static Tensor Batch(int n) => arange(n * 2 * 5 * 6, dtype: ScalarType.Float32).reshape(n, 2, 5, 6) + 1;

    [Fact]
    public void Without_padding_or_flip_the_batch_is_unchanged()
    {
        using var batch = Batch(3);
        using var same = Augmentation.CropAndFlip(batch, 0, false, new Random(1));
        Assert.True(Same(same, batch));
    }

    [Fact]
    public void Every_crop_is_a_window_of_the_zero_padded_image_and_the_offsets_vary()
    {
        const int pad = 2;
        using var batch = Batch(40);
        using var crops = Augmentation.CropAndFlip(batch, pad, false, new Random(3));
        using var padded = nn.functional.pad(batch, [pad, pad, pad, pad]);
        Assert.Equal(batch.shape, crops.shape);
        var offsets = new HashSet<(int, int)>();
        for (int i = 0; i < 40; i++)
        {
            var match = (from dy in Enumerable.Range(0, 2 * pad + 1)
                         from dx in Enumerable.Range(0, 2 * pad + 1)
                         where Same(padded[i].narrow(1, dy, 5).narrow(2, dx, 6), crops[i])
                         select (dy, dx)).ToList();
            Assert.Single(match);
            offsets.Add(match[0]);
        }
        // 40 draws from 25 equally likely offsets: far more than a handful of distinct ones.
        Assert.True(offsets.Count > 10, $"only {offsets.Count} distinct offsets");
    }

    [Fact]
    public void Flipping_mirrors_about_half_of_the_images_left_to_right()
    {
        using var batch = Batch(200);
        using var flipped = Augmentation.CropAndFlip(batch, 0, true, new Random(5));
        int mirrored = 0;
        for (int i = 0; i < 200; i++)
        {
            bool same = Same(flipped[i], batch[i]), mirror = Same(flipped[i], batch[i].flip(2));
            Assert.True(same ^ mirror);
            if (mirror) mirrored++;
        }
        Assert.InRange(mirrored, 70, 130);
    }

    [Fact]
    public void The_same_generator_seed_gives_the_same_augmentation()
    {
        using var batch = Batch(10);
        using var a = Augmentation.CropAndFlip(batch, 4, true, new Random(9));
        using var b = Augmentation.CropAndFlip(batch, 4, true, new Random(9));
        Assert.True(Same(a, b));
    }
}

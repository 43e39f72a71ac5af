using static TorchSharp.torch;

namespace PiToolkit.Models.Training;

/// <summary>
/// The standard CIFAR training augmentation (He et al. 2016, and the SNL reference's recipe):
/// random crops from the image padded by a few pixels, and random horizontal flips.
/// </summary>
/// <remarks>
/// Batches arrive normalised, so the padding is zeros in normalised space, i.e. the training set's
/// mean colour rather than torchvision's black border; the crop positions are the same. Offsets
/// and flips come from the caller's generator, which the trainer seeds from (seed, epoch) so a
/// resumed run augments exactly as the uninterrupted one would have.
/// </remarks>
public static class Augmentation
{
    /// <summary>
    /// Returns a new [N, C, H, W] batch: each image is cut at a uniformly random offset from the image
    /// zero-padded by <paramref name="padding"/> on every side, then mirrored left–right with
    /// probability ½ when <paramref name="flip"/> is set.
    /// </summary>
    /// <exception cref="ArgumentException">The batch is not four-dimensional, or the padding is negative.</exception>
    public static Tensor CropAndFlip(Tensor images, int padding, bool flip, Random random)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(random);
        if (images.dim() != 4) throw new ArgumentException($"expected an [N, C, H, W] batch, got {images.dim()} dimensions", nameof(images));
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        long n = images.shape[0], height = images.shape[2], width = images.shape[3];
        using var scope = NewDisposeScope();
        var padded = padding > 0 ? nn.functional.pad(images, [padding, padding, padding, padding]) : images;
        var crops = new Tensor[n];
        for (int i = 0; i < n; i++)
        {
            int dy = random.Next(2 * padding + 1), dx = random.Next(2 * padding + 1);
            var crop = padded[i].narrow(1, dy, height).narrow(2, dx, width);
            crops[i] = flip && random.Next(2) == 1 ? crop.flip(2) : crop;
        }
        return stack(crops).MoveToOuterDisposeScope();
    }
}

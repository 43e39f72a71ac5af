namespace PiToolkit.Models.Data;

/// <summary>
/// Images and labels held in memory as raw bytes (0-255, channel-major C×H×W per image), the form
/// MNIST and CIFAR ship in. Conversion to normalised floats happens once, in <see cref="TensorDataset"/>.
/// </summary>
public sealed class ImageSet
{
    /// <summary>Creates a set, checking that the arrays agree with the shape.</summary>
    /// <exception cref="ArgumentException">Sizes disagree or a label is out of range.</exception>
    public ImageSet(byte[] pixels, int[] labels, int channels, int height, int width, int classes)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        if ((long)labels.Length * channels * height * width != pixels.Length)
            throw new ArgumentException($"{pixels.Length} pixel bytes do not hold {labels.Length} images of {channels}×{height}×{width}", nameof(pixels));
        int bad = Array.FindIndex(labels, l => l < 0 || l >= classes);
        if (bad >= 0)
            throw new ArgumentException($"label {labels[bad]} of image {bad} is outside 0..{classes - 1}", nameof(labels));
        Pixels = pixels;
        Labels = labels;
        Channels = channels;
        Height = height;
        Width = width;
        Classes = classes;
    }

    /// <summary>All images' bytes, image after image, each C×H×W.</summary>
    public byte[] Pixels { get; }
    /// <summary>One class index per image.</summary>
    public int[] Labels { get; }
    /// <summary>Channels per image.</summary>
    public int Channels { get; }
    /// <summary>Image height.</summary>
    public int Height { get; }
    /// <summary>Image width.</summary>
    public int Width { get; }
    /// <summary>Number of classes.</summary>
    public int Classes { get; }
    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;
    /// <summary>Bytes per image.</summary>
    public int ImageSize => Channels * Height * Width;

    /// <summary>A new set holding the images at <paramref name="indices"/>, in that order.</summary>
    public ImageSet Select(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var pixels = new byte[(long)indices.Count * ImageSize];
        var labels = new int[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            Pixels.AsSpan(indices[i] * ImageSize, ImageSize).CopyTo(pixels.AsSpan(i * ImageSize));
            labels[i] = Labels[indices[i]];
        }
        return new ImageSet(pixels, labels, Channels, Height, Width, Classes);
    }

    /// <summary>The first <paramref name="count"/> images (or all, if fewer).</summary>
    public ImageSet Take(int count) => count >= Count ? this : Select(Enumerable.Range(0, count).ToArray());

    /// <summary>Concatenates sets of identical geometry (e.g. CIFAR's five training batches).</summary>
    public static ImageSet Concat(IReadOnlyList<ImageSet> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0) throw new ArgumentException("nothing to concatenate", nameof(parts));
        var first = parts[0];
        if (parts.Any(p => p.Channels != first.Channels || p.Height != first.Height || p.Width != first.Width || p.Classes != first.Classes))
            throw new ArgumentException("parts differ in image shape or class count", nameof(parts));
        return new ImageSet(parts.SelectMany(p => p.Pixels).ToArray(), parts.SelectMany(p => p.Labels).ToArray(),
            first.Channels, first.Height, first.Width, first.Classes);
    }
}

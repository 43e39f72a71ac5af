namespace PiToolkit.Models.Data;

/// <summary>Per-channel affine normalisation x ↦ (x/255 − mean) / std, measured on the training split.</summary>
/// <param name="Mean">Per-channel mean of pixel/255.</param>
/// <param name="Std">Per-channel standard deviation of pixel/255.</param>
public sealed record Normalization(double[] Mean, double[] Std)
{
    /// <summary>Measures mean and standard deviation per channel over every image of <paramref name="set"/>.</summary>
    public static Normalization Measure(ImageSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        int plane = set.Height * set.Width;
        var sum = new double[set.Channels];
        var sumSquares = new double[set.Channels];
        for (int n = 0; n < set.Count; n++)
            for (int c = 0; c < set.Channels; c++)
            {
                var pixels = set.Pixels.AsSpan(n * set.ImageSize + c * plane, plane);
                long s = 0, s2 = 0;
                foreach (byte p in pixels) { s += p; s2 += p * p; }
                sum[c] += s;
                sumSquares[c] += s2;
            }
        double count = (double)set.Count * plane;
        var mean = new double[set.Channels];
        var std = new double[set.Channels];
        for (int c = 0; c < set.Channels; c++)
        {
            mean[c] = sum[c] / count / 255.0;
            double variance = sumSquares[c] / count / (255.0 * 255.0) - mean[c] * mean[c];
            std[c] = Math.Sqrt(Math.Max(variance, 1e-12));
        }
        return new Normalization(mean, std);
    }

    /// <summary>Writes the normalised floats of image <paramref name="index"/> of <paramref name="set"/> into <paramref name="destination"/>.</summary>
    public void Apply(ImageSet set, int index, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (Mean.Length != set.Channels)
            throw new ArgumentException($"normalisation has {Mean.Length} channels, images have {set.Channels}", nameof(set));
        int plane = set.Height * set.Width;
        var source = set.Pixels.AsSpan(index * set.ImageSize, set.ImageSize);
        for (int c = 0; c < set.Channels; c++)
        {
            float scale = (float)(1.0 / (255.0 * Std[c]));
            float shift = (float)(-Mean[c] / Std[c]);
            for (int i = c * plane; i < (c + 1) * plane; i++)
                destination[i] = source[i] * scale + shift;
        }
    }
}

namespace PiToolkit.Models.Data;

/// <summary>
/// A small learnable dataset for fast tests and demos: each class has a fixed random prototype
/// image and samples are that prototype plus seeded noise, so a model can reach high accuracy in
/// seconds while still having to learn something.
/// </summary>
public static class SyntheticImages
{
    /// <summary>Generates <paramref name="count"/> images of C×H×W with <paramref name="classes"/> classes, deterministically from <paramref name="seed"/>.</summary>
    public static ImageSet Generate(int count, int channels, int height, int width, int classes, int seed, double noise = 48)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        int size = channels * height * width;
        var prototypeRandom = new Random(classes * 7919 + size); // Prototypes depend on geometry only, so train and test sets agree.
        var prototypes = new byte[classes, size];
        for (int c = 0; c < classes; c++)
            for (int i = 0; i < size; i++)
                prototypes[c, i] = (byte)prototypeRandom.Next(256);

        var random = new Random(seed);
        var pixels = new byte[(long)count * size];
        var labels = new int[count];
        for (int n = 0; n < count; n++)
        {
            int label = random.Next(classes);
            labels[n] = label;
            for (int i = 0; i < size; i++)
            {
                double value = prototypes[label, i] + noise * (random.NextDouble() * 2 - 1);
                pixels[(long)n * size + i] = (byte)Math.Clamp(value, 0, 255);
            }
        }
        return new ImageSet(pixels, labels, channels, height, width, classes);
    }
}

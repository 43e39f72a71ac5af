using System.Globalization;

namespace PiToolkit.SecureInference.Inputs;

/// <summary>
/// What a model expects as input, as its <c>.pim</c> file states it: a C×H×W shape (1 or 3 channels)
/// and per-channel normalisation x ↦ (pixel/255 − mean) / std, the same affine map the training
/// pipeline applied. The client needs exactly this to turn a picture into the tensor it secret-shares.
/// </summary>
public sealed record InputSpec
{
    private InputSpec(int channels, int height, int width, double[] mean, double[] std)
    {
        Channels = channels;
        Height = height;
        Width = width;
        Mean = mean;
        Std = std;
    }

    /// <summary>The largest side accepted, far above any model in the zoo.</summary>
    public const int MaxSide = 4096;

    /// <summary>Channels: 1 (grayscale) or 3 (RGB).</summary>
    public int Channels { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Per-channel mean of pixel/255.</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>Per-channel standard deviation of pixel/255.</summary>
    public IReadOnlyList<double> Std { get; }

    /// <summary>Values in the tensor: C·H·W.</summary>
    public int Size => Channels * Height * Width;

    /// <summary>
    /// Checks and captures a model's input description; a single mean or std applies to every channel.
    /// </summary>
    /// <param name="shape">C×H×W, as <c>ModelGraph.InputShape</c>.</param>
    /// <param name="mean">Per-channel means (or one for all).</param>
    /// <param name="std">Per-channel standard deviations (or one for all), each positive.</param>
    /// <exception cref="ArgumentException">The shape is not C×H×W with C ∈ {1, 3} and sides in 1..<see cref="MaxSide"/>, or mean/std have the wrong length or are not finite (std positive).</exception>
    public static InputSpec Create(IReadOnlyList<long> shape, IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (shape.Count != 3 || shape[0] is not (1 or 3) || shape[1] is < 1 or > MaxSide || shape[2] is < 1 or > MaxSide)
        {
            throw new ArgumentException($"An image input is C×H×W with 1 or 3 channels and sides up to {MaxSide}, not {string.Join('×', shape)}.", nameof(shape));
        }
        int channels = (int)shape[0];
        return new InputSpec(channels, (int)shape[1], (int)shape[2], PerChannel(mean, channels, nameof(mean), positive: false), PerChannel(std, channels, nameof(std), positive: true));
    }

    private static double[] PerChannel(IReadOnlyList<double> values, int channels, string name, bool positive)
    {
        if (values.Count != channels && values.Count != 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} has {values.Count} values for {channels} channels."), name);
        }
        var result = new double[channels];
        for (int c = 0; c < channels; c++)
        {
            double v = values[values.Count == 1 ? 0 : c];
            if (!double.IsFinite(v) || positive && v <= 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name}[{c}] = {v} is not {(positive ? "a positive" : "a finite")} number."), name);
            }
            result[c] = v;
        }
        return result;
    }
}

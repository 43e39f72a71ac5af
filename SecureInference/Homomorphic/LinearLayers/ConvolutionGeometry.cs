namespace PiToolkit.SecureInference.Homomorphic.LinearLayers;

/// <summary>
/// A 2-D convolution's shape: input C×H×W, O output channels, a KernelHeight×KernelWidth kernel,
/// one stride for both axes and symmetric zero padding. Weights are laid out [O, C, kh, kw]
/// row-major; inputs [C, H, W]; outputs [O, OutputHeight, OutputWidth].
/// </summary>
/// <param name="InputChannels">C.</param>
/// <param name="InputHeight">H.</param>
/// <param name="InputWidth">W.</param>
/// <param name="OutputChannels">O.</param>
/// <param name="KernelHeight">Kernel rows.</param>
/// <param name="KernelWidth">Kernel columns.</param>
/// <param name="Stride">Stride on both axes (1 or more).</param>
/// <param name="Padding">Zero padding on every side.</param>
public sealed record ConvolutionGeometry(
    int InputChannels, int InputHeight, int InputWidth, int OutputChannels,
    int KernelHeight, int KernelWidth, int Stride = 1, int Padding = 0)
{
    /// <summary>Padded input height H + 2·padding.</summary>
    public int PaddedHeight => InputHeight + 2 * Padding;

    /// <summary>Padded input width W + 2·padding.</summary>
    public int PaddedWidth => InputWidth + 2 * Padding;

    /// <summary>Output rows: ⌊(H + 2p − kh) / stride⌋ + 1.</summary>
    public int OutputHeight => (PaddedHeight - KernelHeight) / Stride + 1;

    /// <summary>Output columns: ⌊(W + 2p − kw) / stride⌋ + 1.</summary>
    public int OutputWidth => (PaddedWidth - KernelWidth) / Stride + 1;

    /// <summary>C·H·W.</summary>
    public int InputCount => InputChannels * InputHeight * InputWidth;

    /// <summary>O·OutputHeight·OutputWidth.</summary>
    public int OutputCount => OutputChannels * OutputHeight * OutputWidth;

    /// <summary>O·C·kh·kw.</summary>
    public int WeightCount => OutputChannels * InputChannels * KernelHeight * KernelWidth;

    /// <summary>Throws unless every dimension is positive and the kernel fits the padded input.</summary>
    /// <exception cref="ArgumentException">The geometry is not valid.</exception>
    public void Validate()
    {
        if (InputChannels < 1 || InputHeight < 1 || InputWidth < 1 || OutputChannels < 1
            || KernelHeight < 1 || KernelWidth < 1 || Stride < 1 || Padding < 0)
            throw new ArgumentException($"Invalid convolution geometry {this}: sizes must be positive, padding non-negative.");
        if (KernelHeight > PaddedHeight || KernelWidth > PaddedWidth)
            throw new ArgumentException($"Invalid convolution geometry {this}: the kernel is larger than the padded input.");
    }
}

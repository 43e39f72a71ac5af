namespace PiToolkit.Models.Zoo;

/// <summary>Everything needed to build a zoo model again: saved in checkpoint manifests.</summary>
/// <param name="Architecture">Zoo name, e.g. <c>lenet5</c>.</param>
/// <param name="Classes">Output classes.</param>
/// <param name="InputChannels">Input image channels.</param>
/// <param name="InputHeight">Input image height.</param>
/// <param name="InputWidth">Input image width.</param>
/// <param name="Width">Channel/unit multiplier (1 = the published widths).</param>
/// <param name="Pooling">Max pooling as published, or average pooling for secure inference.</param>
/// <param name="Channels">
/// Output channels (or units) of individual layers, by module path (e.g. <c>features.conv1</c>),
/// overriding <see cref="Width"/> for those layers; null for the published shape. Structured pruning
/// writes it so a pruned model is rebuilt at its real, smaller size.
/// </param>
/// <param name="BatchNorm">
/// A batch norm after each convolution, before its ReLU, in zoo models that offer it as an option
/// (<see cref="ZooEntry.OptionalBatchNorm"/>); network slimming needs one to score channels. Models
/// that always have batch norm (ResNet, VGG) leave it false.
/// </param>
public sealed record ModelOptions(
    string Architecture,
    int Classes = 10,
    int InputChannels = 1,
    int InputHeight = 28,
    int InputWidth = 28,
    double Width = 1.0,
    PoolingKind Pooling = PoolingKind.Max,
    IReadOnlyDictionary<string, int>? Channels = null,
    bool BatchNorm = false)
{
    /// <summary>Scales a published channel or unit count by <see cref="Width"/> (at least 1).</summary>
    public int Scale(int published) => Math.Max(1, (int)Math.Round(published * Width));

    /// <summary>The output channels of the layer at <paramref name="path"/>: its entry in <see cref="Channels"/>, else <see cref="Scale"/> of <paramref name="published"/>.</summary>
    public int Units(string path, int published) =>
        Channels is not null && Channels.TryGetValue(path, out int count) ? count : Scale(published);

    /// <summary>The input shape of one sample, [C, H, W].</summary>
    public long[] InputShape => [InputChannels, InputHeight, InputWidth];

    /// <summary>Checks the options are usable.</summary>
    /// <exception cref="ArgumentException">A count or size is not positive.</exception>
    public void Validate()
    {
        if (Classes < 2) throw new ArgumentException($"classes must be at least 2 (got {Classes})", nameof(Classes));
        if (InputChannels < 1 || InputHeight < 1 || InputWidth < 1)
            throw new ArgumentException($"input shape {InputChannels}×{InputHeight}×{InputWidth} is not positive", nameof(InputShape));
        if (!(Width > 0) || Width > 16) throw new ArgumentException($"width multiplier must be in (0, 16] (got {Width})", nameof(Width));
        if (Channels?.FirstOrDefault(c => c.Value < 1) is { Key: not null } bad)
            throw new ArgumentException($"layer {bad.Key} must keep at least one channel (got {bad.Value})", nameof(Channels));
    }
}

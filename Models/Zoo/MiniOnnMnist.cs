namespace PiToolkit.Models.Zoo;

/// <summary>
/// The MNIST CNN of MiniONN (Liu et al. 2017), also used by Gazelle and Delphi: conv16(5×5) → ReLU →
/// pool → conv16(5×5) → ReLU → pool → FC100 → ReLU → FC classes, unpadded; with
/// <see cref="ModelOptions.BatchNorm"/>, a batch norm after each convolution. On 28×28:
/// 9,216 + 1,024 + 100 = 10,340 ReLUs.
/// </summary>
public static class MiniOnnMnist
{
    /// <summary>Builds the network for <paramref name="options"/>.</summary>
    public static ZooModel Create(ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int c1 = options.Units("features.conv1", 16), c2 = options.Units("features.conv2", 16), f = options.Units("classifier.fc1", 100);
        return new SequentialClassifier(options,
        [
            .. Layer.ConvNorm(1, options.InputChannels, c1, 5, options.BatchNorm), Layer.Relu("relu1"), Layer.Pool("pool1", options.Pooling),
            .. Layer.ConvNorm(2, c1, c2, 5, options.BatchNorm), Layer.Relu("relu2"), Layer.Pool("pool2", options.Pooling),
        ], flat =>
        [
            Layer.Linear("fc1", flat, f), Layer.Relu("relu3"),
            Layer.Linear("fc2", f, options.Classes),
        ]);
    }
}

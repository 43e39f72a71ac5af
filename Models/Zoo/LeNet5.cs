namespace PiToolkit.Models.Zoo;

/// <summary>
/// LeNet-5 as used in PI papers: conv6(5×5) → ReLU → pool → conv16(5×5) → ReLU → pool → FC120 →
/// ReLU → FC84 → ReLU → FC classes, unpadded; with
/// <see cref="ModelOptions.BatchNorm"/>, a batch norm after each convolution. On 28×28: 3,456 + 1,024 + 120 + 84 = 4,684 ReLUs.
/// </summary>
public static class LeNet5
{
    /// <summary>Builds the network for <paramref name="options"/>.</summary>
    public static ZooModel Create(ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int c1 = options.Units("features.conv1", 6), c2 = options.Units("features.conv2", 16),
            f1 = options.Units("classifier.fc1", 120), f2 = options.Units("classifier.fc2", 84);
        return new SequentialClassifier(options,
        [
            .. Layer.ConvNorm(1, options.InputChannels, c1, 5, options.BatchNorm), Layer.Relu("relu1"), Layer.Pool("pool1", options.Pooling),
            .. Layer.ConvNorm(2, c1, c2, 5, options.BatchNorm), Layer.Relu("relu2"), Layer.Pool("pool2", options.Pooling),
        ], flat =>
        [
            Layer.Linear("fc1", flat, f1), Layer.Relu("relu3"),
            Layer.Linear("fc2", f1, f2), Layer.Relu("relu4"),
            Layer.Linear("fc3", f2, options.Classes),
        ]);
    }
}

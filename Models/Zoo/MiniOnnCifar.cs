namespace PiToolkit.Models.Zoo;

/// <summary>
/// The CIFAR-10 CNN of MiniONN (Liu et al. 2017), also used by Gazelle: two conv64(3×3) + ReLU,
/// pool, two conv64(3×3) + ReLU, pool, conv64(3×3), conv64(1×1), conv16(1×1) each + ReLU, FC
/// classes; 3×3 convolutions padded to keep the size. On 32×32: 173,056 ReLUs.
/// </summary>
public static class MiniOnnCifar
{
    /// <summary>Builds the network for <paramref name="options"/>.</summary>
    public static ZooModel Create(ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int[] c = [.. Enumerable.Range(1, 6).Select(i => options.Units($"features.conv{i}", 64))];
        int s = options.Units("features.conv7", 16);
        return new SequentialClassifier(options,
        [
            Layer.Conv("conv1", options.InputChannels, c[0], 3, padding: 1), Layer.Relu("relu1"),
            Layer.Conv("conv2", c[0], c[1], 3, padding: 1), Layer.Relu("relu2"), Layer.Pool("pool1", options.Pooling),
            Layer.Conv("conv3", c[1], c[2], 3, padding: 1), Layer.Relu("relu3"),
            Layer.Conv("conv4", c[2], c[3], 3, padding: 1), Layer.Relu("relu4"), Layer.Pool("pool2", options.Pooling),
            Layer.Conv("conv5", c[3], c[4], 3, padding: 1), Layer.Relu("relu5"),
            Layer.Conv("conv6", c[4], c[5], 1), Layer.Relu("relu6"),
            Layer.Conv("conv7", c[5], s, 1), Layer.Relu("relu7"),
        ], flat => [Layer.Linear("fc1", flat, options.Classes)]);
    }
}

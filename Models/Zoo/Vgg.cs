using TorchSharp;
using static TorchSharp.torch;

namespace PiToolkit.Models.Zoo;

/// <summary>
/// VGG-11 and VGG-16 for CIFAR (Simonyan and Zisserman 2015, with batch norm and one FC layer as in
/// the common CIFAR adaptation): 3×3 padded conv + BN + ReLU stages separated by 2×2 pooling.
/// </summary>
public static class Vgg
{
    private static readonly int[] Vgg11 = [64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0];
    private static readonly int[] Vgg16 = [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0];

    /// <summary>Builds VGG-<paramref name="depth"/> (11 or 16) for <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">Depth is not 11 or 16.</exception>
    public static ZooModel Create(ModelOptions options, int depth)
    {
        ArgumentNullException.ThrowIfNull(options);
        int[] plan = depth switch
        {
            11 => Vgg11,
            16 => Vgg16,
            _ => throw new ArgumentException($"VGG depth {depth} is not in the zoo (11 or 16)", nameof(depth)),
        };
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        long channels = options.InputChannels;
        int conv = 0, pool = 0;
        foreach (int width in plan)
        {
            if (width == 0)
            {
                layers.Add(Layer.Pool($"pool{++pool}", options.Pooling));
                continue;
            }
            conv++;
            int output = options.Units($"features.conv{conv}", width);
            layers.Add(Layer.Conv($"conv{conv}", channels, output, 3, padding: 1, bias: false));
            layers.Add(Layer.BatchNorm($"bn{conv}", output));
            layers.Add(Layer.Relu($"relu{conv}"));
            channels = output;
        }
        return new SequentialClassifier(options, layers, flat => [Layer.Linear("fc", flat, options.Classes)]);
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace PiToolkit.Models.Zoo;

/// <summary>Short constructors for the named layers the zoo's chains are written with.</summary>
internal static class Layer
{
    public static (string, nn.Module<Tensor, Tensor>) Conv(string name, long input, long output, int kernel, int padding = 0, int stride = 1, bool bias = true) =>
        (name, nn.Conv2d(input, output, kernel, stride: stride, padding: padding, bias: bias));

    public static (string, nn.Module<Tensor, Tensor>) BatchNorm(string name, long channels) => (name, nn.BatchNorm2d(channels));

    /// <summary>
    /// Convolution <c>conv{index}</c>, followed by <c>bn{index}</c> when <paramref name="batchNorm"/>; the
    /// convolution then has no bias, since the batch norm's shift replaces it (as in VGG and ResNet).
    /// </summary>
    public static IEnumerable<(string, nn.Module<Tensor, Tensor>)> ConvNorm(int index, long input, long output, int kernel, bool batchNorm)
    {
        yield return Conv($"conv{index}", input, output, kernel, bias: !batchNorm);
        if (batchNorm) yield return BatchNorm($"bn{index}", output);
    }

    public static (string, nn.Module<Tensor, Tensor>) Relu(string name) => (name, new ReluSite());

    public static (string, nn.Module<Tensor, Tensor>) Pool(string name, PoolingKind kind, int kernel = 2) => (name, new PoolingLayer(kind, kernel));

    public static (string, nn.Module<Tensor, Tensor>) Linear(string name, long input, long output) => (name, nn.Linear(input, output));
}

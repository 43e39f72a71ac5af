using TorchSharp;
using static TorchSharp.torch;

namespace PiToolkit.Models.Zoo;

/// <summary>Short constructors for the named layers the zoo's chains are written with.</summary>
internal static class Layer
{
    public static (string, nn.Module<Tensor, Tensor>) Conv(string name, long input, long output, int kernel, int padding = 0, int stride = 1, bool bias = true) =>
        (name, nn.Conv2d(input, output, kernel, stride: stride, padding: padding, bias: bias));

    public static (string, nn.Module<Tensor, Tensor>) BatchNorm(string name, long channels) => (name, nn.BatchNorm2d(channels));

    public static (string, nn.Module<Tensor, Tensor>) Relu(string name) => (name, new ReluSite());

    public static (string, nn.Module<Tensor, Tensor>) Pool(string name, PoolingKind kind, int kernel = 2) => (name, new PoolingLayer(kind, kernel));

    public static (string, nn.Module<Tensor, Tensor>) Linear(string name, long input, long output) => (name, nn.Linear(input, output));
}

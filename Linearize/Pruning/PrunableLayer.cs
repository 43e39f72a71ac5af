using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PiToolkit.Linearize.Pruning;

/// <summary>A convolution or linear layer and the channel groups it writes and reads.</summary>
/// <param name="Name">Module path, e.g. <c>features.conv1</c>.</param>
/// <param name="Module">The <see cref="Conv2d"/> or <see cref="Linear"/> module.</param>
/// <param name="NormName">Module path of the batch norm after it, or null.</param>
/// <param name="Norm">The batch norm after it, or null.</param>
/// <param name="OutputGroup">Index of the group its output channels belong to.</param>
/// <param name="InputGroup">Index of the group its input channels come from, or null when it reads the network input.</param>
/// <param name="InputFactor">Input features per input channel: H×W for a linear layer after a flatten, else 1.</param>
/// <param name="OutputPositions">Output positions per channel (H×W for a convolution, 1 for a linear layer): MACs per weight.</param>
public sealed record PrunableLayer(string Name, nn.Module<Tensor, Tensor> Module, string? NormName, BatchNorm2d? Norm,
    int OutputGroup, int? InputGroup, long InputFactor, long OutputPositions)
{
    /// <summary>The weight tensor, [out, in, k, k] or [out, in].</summary>
    public Tensor Weight => Module switch
    {
        Conv2d c => c.weight!,
        Linear l => l.weight!,
        _ => throw new InvalidOperationException($"{Name} is neither a convolution nor a linear layer"),
    };

    /// <summary>The bias, or null.</summary>
    public Tensor? Bias => Module switch
    {
        Conv2d c => c.bias,
        Linear l => l.bias,
        _ => null,
    };

    /// <summary>Output channels.</summary>
    public long OutputChannels => Weight.shape[0];

    /// <summary>Weights per (output, input) channel pair: k×k for a convolution, 1 for a linear layer.</summary>
    public long KernelArea => Weight.shape.Skip(2).Aggregate(1L, (a, b) => a * b);

    /// <summary>Input channels (input features divided by <see cref="InputFactor"/>).</summary>
    public long InputChannels => Weight.shape[1] / InputFactor;
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PiToolkit.Models.Export;

/// <summary>A convolution or linear layer as <see cref="GraphBuilder"/> emitted it.</summary>
/// <param name="Layer">The <see cref="Conv2d"/> or <see cref="Linear"/> module.</param>
/// <param name="Norm">The batch norm folded into it, or null.</param>
/// <param name="Input">The value it reads.</param>
/// <param name="Output">The value it produces.</param>
public sealed record GraphLayer(nn.Module<Tensor, Tensor> Layer, BatchNorm2d? Norm, int Input, int Output);

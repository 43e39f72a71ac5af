using PiToolkit.Models.Zoo;
using TorchSharp;
using static TorchSharp.torch;

namespace PiToolkit.Linearize.Pruning;

/// <summary>
/// Wraps a model so that its pruning masks are applied before every forward pass: the optimiser may
/// move a pruned weight, but no forward pass (training or evaluation) ever sees it non-zero.
/// TorchSharp has no tensor gradient hooks, and the trainer calls <c>forward</c> directly (module
/// hooks run only through <c>call</c>), so the wrapper is where the masks can act.
/// </summary>
/// <remarks>
/// The wrapped model is registered as a child, so its parameters train and its mode switches
/// through the wrapper, but it stays the caller's: disposing the wrapper leaves it intact.
/// </remarks>
public sealed class MaskedNetwork : nn.Module<Tensor, Tensor>
{
    private readonly ZooModel network;

    /// <summary>Wraps <paramref name="model"/>; the masks can be replaced between epochs.</summary>
    public MaskedNetwork(ZooModel model, PruningMasks masks) : base(nameof(MaskedNetwork))
    {
        network = model ?? throw new ArgumentNullException(nameof(model));
        Masks = masks ?? throw new ArgumentNullException(nameof(masks));
        RegisterComponents();
    }

    /// <summary>The masks applied before each forward pass.</summary>
    public PruningMasks Masks { get; set; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        Masks.Apply();
        return network.forward(input);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Deliberately does not call the base: TorchSharp's module disposal disposes registered
    /// children, which would destroy the caller's model. The wrapper holds no tensor of its own;
    /// what is left behind is one empty native module object.
    /// </remarks>
    protected override void Dispose(bool disposing)
    {
    }
}

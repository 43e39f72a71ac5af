using TorchSharp;
using static TorchSharp.torch;

namespace PiToolkit.Models.Zoo;

/// <summary>
/// One ReLU at a named place in a network. Every nonlinearity in the zoo is its own instance, so
/// the census and the linearizer can find each site by its module path, learn its activation shape
/// and count, and change it without rebuilding the model.
/// </summary>
public sealed class ReluSite : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates a site; the module path (e.g. <c>layer1.0.relu2</c>) comes from where it is registered.</summary>
    public ReluSite() : base(nameof(ReluSite)) { }

    /// <summary>The per-sample activation shape seen by the last forward pass (e.g. [6, 24, 24]), or null before one.</summary>
    public long[]? ObservedShape { get; private set; }

    /// <summary>ReLUs in one sample's activation at this site, after a forward pass has been observed.</summary>
    public long Count => ObservedShape?.Aggregate(1L, (a, b) => a * b)
        ?? throw new InvalidOperationException("no forward pass observed yet: run the census first");

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ObservedShape = input.shape[1..];
        return nn.functional.relu(input);
    }
}

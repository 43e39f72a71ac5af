using PiToolkit.Models.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace PiToolkit.Models.Zoo;

/// <summary>
/// Base of every zoo network: a classifier from [N, C, H, W] images to [N, classes] logits that
/// remembers the <see cref="ModelOptions"/> it was built from and exposes its ReLU sites.
/// </summary>
/// <remarks>
/// Each subclass describes its own export graph (<see cref="DescribeGraph"/>) from the layers it
/// holds, so the exporter never looks a layer up by a field name that a refactoring could change.
/// </remarks>
public abstract class ZooModel : nn.Module<Tensor, Tensor>, IGraphExportable
{
    /// <summary>Stores the options; subclasses register their layers and call RegisterComponents.</summary>
    protected ZooModel(ModelOptions options) : base((options ?? throw new ArgumentNullException(nameof(options))).Architecture)
    {
        options.Validate();
        Options = options;
    }

    /// <summary>The options this model was built from.</summary>
    public ModelOptions Options { get; }

    /// <summary>
    /// Emits the network's nodes, input to logits, into <paramref name="graph"/>: the same
    /// computation as <c>forward</c> in evaluation mode. Take the census first so every site knows
    /// its activation shape.
    /// </summary>
    /// <returns>The value holding the logits.</returns>
    /// <exception cref="NotSupportedException">The network holds a layer the graph format cannot express.</exception>
    public abstract int DescribeGraph(GraphBuilder graph, int input);

    /// <summary>Every ReLU site with its module path, in forward order.</summary>
    public IReadOnlyList<(string Name, ReluSite Site)> ReluSites() =>
        named_modules().Where(m => m.module is ReluSite).Select(m => (m.name, (ReluSite)m.module)).ToList();

    /// <summary>Every pooling layer with its module path, in forward order.</summary>
    public IReadOnlyList<(string Name, PoolingLayer Layer)> PoolingLayers() =>
        named_modules().Where(m => m.module is PoolingLayer).Select(m => (m.name, (PoolingLayer)m.module)).ToList();
}

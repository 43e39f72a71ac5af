using PiToolkit.Models.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PiToolkit.Models.Zoo;

/// <summary>
/// A zoo network that is a plain chain: <c>features</c> (convolutions, sites, pooling), a flatten,
/// then <c>classifier</c> (fully connected layers and sites). MLP, LeNet-5, MiniONN and VGG are all this shape.
/// </summary>
public sealed class SequentialClassifier : ZooModel
{
    private readonly Sequential features;
    private readonly Sequential classifier;

    /// <summary>
    /// Builds the chain. <paramref name="classifierLayers"/> receives the flattened feature size,
    /// measured by one forward pass of a zero image, so the same layer list fits any input size.
    /// </summary>
    public SequentialClassifier(ModelOptions options, IEnumerable<(string, nn.Module<Tensor, Tensor>)> featureLayers,
        Func<long, IEnumerable<(string, nn.Module<Tensor, Tensor>)>> classifierLayers) : base(options)
    {
        ArgumentNullException.ThrowIfNull(classifierLayers);
        features = nn.Sequential(featureLayers);
        long flat;
        using (no_grad())
        using (var probe = zeros([1, .. options.InputShape]))
        using (var output = features.call(probe))
            flat = output.numel();
        if (flat == 0) throw new ArgumentException($"input {string.Join('×', options.InputShape)} is too small for {options.Architecture}", nameof(options));
        classifier = nn.Sequential(classifierLayers(flat));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = features.call(input);
        x = x.flatten(1);
        return classifier.call(x).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override int DescribeGraph(GraphBuilder graph, int input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        int x = graph.Sequence(input, features);
        x = graph.Flatten(x);
        return graph.Sequence(x, classifier);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            features.Dispose();
            classifier.Dispose();
        }
        base.Dispose(disposing);
    }
}

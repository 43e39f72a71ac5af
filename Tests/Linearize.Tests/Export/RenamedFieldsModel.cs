using PiToolkit.Models.Export;
using PiToolkit.Models.Zoo;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PiToolkit.Linearize.Tests.Export;

/// <summary>A zoo-style model whose fields match none of the names the old extractor looked up.</summary>
internal sealed class RenamedFieldsModel : ZooModel
{
    private readonly Conv2d alpha;
    private readonly BatchNorm2d beta;
    private readonly ReluSite gamma;
    private readonly Linear delta;

    public RenamedFieldsModel(ModelOptions options) : base(options)
    {
        alpha = nn.Conv2d(1, 2, 3);
        beta = nn.BatchNorm2d(2);
        gamma = new ReluSite();
        delta = nn.Linear(2 * 4 * 4, options.Classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return delta.call(gamma.call(beta.call(alpha.call(input))).flatten(1)).MoveToOuterDisposeScope();
    }

    public override int DescribeGraph(GraphBuilder graph, int input) =>
        graph.Dense(graph.Flatten(graph.Relu(graph.Convolution(input, alpha, beta), gamma)), delta);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            alpha.Dispose(); beta.Dispose(); gamma.Dispose(); delta.Dispose();
        }
        base.Dispose(disposing);
    }
}

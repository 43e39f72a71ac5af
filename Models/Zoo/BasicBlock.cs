using PiToolkit.Models.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PiToolkit.Models.Zoo;

/// <summary>
/// ResNet's basic block (He et al. 2016): conv3×3 → BN → ReLU → conv3×3 → BN, plus the shortcut,
/// then ReLU. The shortcut is the identity, or a 1×1 strided conv + BN when the shape changes
/// (option B), which keeps every block expressible as convolutions for secure inference.
/// </summary>
public sealed class BasicBlock : nn.Module<Tensor, Tensor>, IGraphExportable
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly ReluSite relu1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Sequential? shortcut;
    private readonly ReluSite relu2;

    /// <summary>Creates a block from <paramref name="input"/> to <paramref name="output"/> channels.</summary>
    public BasicBlock(long input, long output, int stride) : this(input, output, output, stride) { }

    /// <summary>
    /// Creates a block from <paramref name="input"/> to <paramref name="output"/> channels whose first
    /// convolution has <paramref name="middle"/> channels (fewer after structured pruning).
    /// </summary>
    public BasicBlock(long input, long middle, long output, int stride) : base(nameof(BasicBlock))
    {
        conv1 = nn.Conv2d(input, middle, 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(middle);
        relu1 = new ReluSite();
        conv2 = nn.Conv2d(middle, output, 3, stride: 1, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(output);
        relu2 = new ReluSite();
        if (stride != 1 || input != output)
            shortcut = nn.Sequential(("conv", nn.Conv2d(input, output, 1, stride: stride, bias: false)), ("bn", nn.BatchNorm2d(output)));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = relu1.call(bn1.call(conv1.call(input)));
        x = bn2.call(conv2.call(x));
        x = x + (shortcut is null ? input : shortcut.call(input));
        return relu2.call(x).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public int DescribeGraph(GraphBuilder graph, int input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        int x = graph.Relu(graph.Convolution(input, conv1, bn1), relu1);
        x = graph.Convolution(x, conv2, bn2);
        int skip = shortcut is null ? input : graph.Sequence(input, shortcut);
        return graph.Relu(graph.Add(x, skip), relu2);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose(); bn1.Dispose(); relu1.Dispose();
            conv2.Dispose(); bn2.Dispose(); relu2.Dispose();
            shortcut?.Dispose();
        }
        base.Dispose(disposing);
    }
}

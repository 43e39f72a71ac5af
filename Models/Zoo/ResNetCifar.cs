using PiToolkit.Models.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PiToolkit.Models.Zoo;

/// <summary>
/// ResNets for 32×32 inputs: a 3×3 stem (conv → BN → ReLU), stages of <see cref="BasicBlock"/>s,
/// global average pooling and one FC layer. ResNet-18 (CIFAR variant): stages of 2 blocks at 64,
/// 128, 256, 512 channels, 557,056 ReLUs. ResNet-20/32 (He et al. 2016, CIFAR): 3 stages of 3 or 5
/// blocks at 16, 32, 64 channels; 188,416 and 303,104 ReLUs.
/// </summary>
public sealed class ResNetCifar : ZooModel
{
    private readonly Conv2d stem;
    private readonly BatchNorm2d bn;
    private readonly ReluSite relu;
    private readonly Sequential layers;
    private readonly Linear fc;

    private ResNetCifar(ModelOptions options, int[] blocksPerStage, int[] stageWidths) : base(options)
    {
        // A stage's blocks are tied by identity shortcuts, so one count serves the whole stage: it is
        // read from the stage's first producer (the stem, or the first block's projection shortcut).
        int StageWidth(int s) => options.Units(s == 0 ? "stem" : $"layers.layer{s + 1}.0.shortcut.conv", stageWidths[s]);
        int width = StageWidth(0);
        stem = nn.Conv2d(options.InputChannels, width, 3, stride: 1, padding: 1, bias: false);
        bn = nn.BatchNorm2d(width);
        relu = new ReluSite();
        var stages = new List<(string, nn.Module<Tensor, Tensor>)>();
        long channels = width;
        for (int s = 0; s < blocksPerStage.Length; s++)
        {
            long output = StageWidth(s);
            var blocks = new List<(string, nn.Module<Tensor, Tensor>)>();
            for (int b = 0; b < blocksPerStage[s]; b++)
            {
                blocks.Add((b.ToString(System.Globalization.CultureInfo.InvariantCulture), new BasicBlock(channels, options.Units($"layers.layer{s + 1}.{b}.conv1", stageWidths[s]), output, b == 0 && s > 0 ? 2 : 1)));
                channels = output;
            }
            stages.Add(($"layer{s + 1}", nn.Sequential(blocks)));
        }
        layers = nn.Sequential(stages);
        fc = nn.Linear(channels, options.Classes);
        RegisterComponents();
    }

    /// <summary>ResNet-18, CIFAR variant (3×3 stem, no stem pooling).</summary>
    public static ZooModel ResNet18(ModelOptions options) => new ResNetCifar(options, [2, 2, 2, 2], [64, 128, 256, 512]);

    /// <summary>He et al.'s CIFAR ResNet of depth 6n+2 (20 → n = 3, 32 → n = 5).</summary>
    /// <exception cref="ArgumentException">Depth is not 6n+2.</exception>
    public static ZooModel HeCifar(ModelOptions options, int depth)
    {
        if (depth < 8 || (depth - 2) % 6 != 0) throw new ArgumentException($"CIFAR ResNet depth must be 6n+2 (got {depth})", nameof(depth));
        int n = (depth - 2) / 6;
        return new ResNetCifar(options, [n, n, n], [16, 32, 64]);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = relu.call(bn.call(stem.call(input)));
        x = layers.call(x);
        x = nn.functional.adaptive_avg_pool2d(x, 1).flatten(1);
        return fc.call(x).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override int DescribeGraph(GraphBuilder graph, int input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        int x = graph.Relu(graph.Convolution(input, stem, bn), relu);
        x = graph.Sequence(x, layers); // Stages of BasicBlocks, each describing itself.
        x = graph.Flatten(graph.GlobalAveragePool(x));
        return graph.Dense(x, fc);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            stem.Dispose(); bn.Dispose(); relu.Dispose(); layers.Dispose(); fc.Dispose();
        }
        base.Dispose(disposing);
    }
}

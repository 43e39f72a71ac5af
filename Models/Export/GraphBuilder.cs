using PiToolkit.ModelFormat;
using PiToolkit.Models.Zoo;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PiToolkit.Models.Export;

/// <summary>
/// Collects the nodes of a <see cref="ModelGraph"/> from TorchSharp layers while tracking each
/// value's per-sample shape. Batch norm is folded into the convolution before it
/// (W' = W·γ/σ, b' = (b − μ)·γ/σ + β with σ = √(var + ε), ε taken from the module); a site whose
/// mask is all zero becomes nothing, an all-one site a plain ReLU, and a partial one a masked ReLU
/// with the mask expanded to one flag per activation.
/// </summary>
/// <remarks>
/// Value 0 is the graph input and each emitted node produces the next value, as in
/// <see cref="GraphNode"/>. Sites must have seen a forward pass (take the census first) and carry
/// binary masks; <c>GraphExtractor</c> in Linearize checks both before a model describes itself.
/// </remarks>
public sealed class GraphBuilder
{
    private readonly List<long[]> _shapes;
    private readonly List<GraphNode> _nodes = [];
    private readonly List<GraphLayer> _layers = [];
    private readonly List<(ReluSite Site, int Input)> _sites = [];

    /// <summary>Starts a graph whose input (value 0) has per-sample shape <paramref name="inputShape"/> (C×H×W).</summary>
    public GraphBuilder(long[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        _shapes = [[.. inputShape]];
    }

    /// <summary>The graph input's value number.</summary>
    public const int Input = 0;

    /// <summary>The nodes emitted so far, in evaluation order.</summary>
    public IReadOnlyList<GraphNode> Nodes => _nodes;

    /// <summary>
    /// The convolutions and linear layers emitted so far, each with the value it read and the value
    /// it produced: what structured pruning follows to find which layers share channels.
    /// </summary>
    public IReadOnlyList<GraphLayer> Layers => _layers;

    /// <summary>Every ReLU site described so far with the value it reads, including fully linearized sites that emitted no node.</summary>
    public IReadOnlyList<(ReluSite Site, int Input)> Sites => _sites;

    /// <summary>The per-sample shape of <paramref name="value"/>.</summary>
    public long[] Shape(int value) => _shapes[value];

    /// <summary>
    /// Emits the layers of a container the caller owns, in order: convolutions (folding a batch norm
    /// that follows), linear layers, ReLU sites, pooling layers, nested containers, and modules that
    /// describe themselves (<see cref="IGraphExportable"/>).
    /// </summary>
    /// <exception cref="NotSupportedException">A layer the graph format cannot express, or a batch norm not after a convolution.</exception>
    public int Sequence(int input, Sequential layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var modules = layers.children().ToList();
        int value = input;
        for (int i = 0; i < modules.Count; i++)
        {
            var norm = i + 1 < modules.Count ? modules[i + 1] as BatchNorm2d : null;
            value = modules[i] switch
            {
                Conv2d conv => Convolution(value, conv, norm),
                BatchNorm2d => throw new NotSupportedException("batch norm that does not follow a convolution"),
                Linear linear => Dense(value, linear),
                ReluSite site => Relu(value, site),
                PoolingLayer pool => Pool(value, pool),
                Sequential nested => Sequence(value, nested),
                IGraphExportable part => part.DescribeGraph(this, value),
                var other => throw new NotSupportedException($"cannot export layer {other.GetType().Name}"),
            };
            if (modules[i] is Conv2d && norm is not null) i++;
        }
        return value;
    }

    /// <summary>A square, ungrouped convolution, with <paramref name="norm"/> folded in when given.</summary>
    /// <exception cref="NotSupportedException">The convolution is not square or is grouped.</exception>
    public int Convolution(int input, Conv2d conv, BatchNorm2d? norm = null)
    {
        ArgumentNullException.ThrowIfNull(conv);
        using var _ = no_grad();
        var w = conv.weight!;
        long[] pads = conv.padding ?? [0, 0];
        int kernel = (int)conv.kernel_size[0], stride = (int)conv.stride[0], padding = (int)pads[0];
        if (conv.kernel_size[0] != conv.kernel_size[1] || conv.stride[0] != conv.stride[1] || pads[0] != pads[1] || conv.groups != 1)
            throw new NotSupportedException("only square, ungrouped convolutions are exported");
        var shape = Shape(input);
        long[] output = [conv.out_channels, (shape[1] + 2 * padding - kernel) / stride + 1, (shape[2] + 2 * padding - kernel) / stride + 1];
        using var bias0 = conv.bias is null ? zeros(conv.out_channels) : conv.bias.detach().clone();
        if (norm is null)
            return Record(conv, norm, input, Emit(new GraphNode(GraphOp.Conv, [input], output, Floats(w), w.shape, Floats(bias0), kernel, stride, padding)));
        var state = norm.state_dict();
        // ε is the module's own: a model built with another ε would otherwise fold to different weights.
        using var scale = state["weight"] / (state["running_var"] + norm.eps).sqrt();
        using var folded = w * scale.reshape(-1, 1, 1, 1);
        using var bias = (bias0 - state["running_mean"]) * scale + state["bias"];
        return Record(conv, norm, input, Emit(new GraphNode(GraphOp.Conv, [input], output, Floats(folded), w.shape, Floats(bias), kernel, stride, padding)));
    }

    /// <summary>A fully connected layer on a flattened value.</summary>
    public int Dense(int input, Linear linear)
    {
        ArgumentNullException.ThrowIfNull(linear);
        using var _ = no_grad();
        return Record(linear, null, input, Emit(new GraphNode(GraphOp.Linear, [input], [linear.out_features], Floats(linear.weight!), linear.weight!.shape,
            linear.bias is null ? new float[linear.out_features] : Floats(linear.bias))));
    }

    /// <summary>A ReLU site: nothing when fully linearized, a ReLU when whole, else a masked ReLU.</summary>
    public int Relu(int input, ReluSite site)
    {
        ArgumentNullException.ThrowIfNull(site);
        _sites.Add((site, input));
        if (site.Mask is null) return Emit(new GraphNode(GraphOp.Relu, [input], Shape(input)));
        using var _ = no_grad();
        using var expanded = site.Mask.ne(0).expand(Shape(input)).contiguous();
        bool[] mask = expanded.data<bool>().ToArray();
        if (mask.All(m => !m)) return input; // Fully linearized: the identity, no node.
        return mask.All(m => m)
            ? Emit(new GraphNode(GraphOp.Relu, [input], Shape(input)))
            : Emit(new GraphNode(GraphOp.MaskedRelu, [input], Shape(input), Mask: mask));
    }

    /// <summary>A k×k pooling layer, stride k.</summary>
    public int Pool(int input, PoolingLayer pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var s = Shape(input);
        return Emit(new GraphNode(pool.Kind == PoolingKind.Max ? GraphOp.MaxPool : GraphOp.AvgPool, [input],
            [s[0], s[1] / pool.Kernel, s[2] / pool.Kernel], Kernel: pool.Kernel));
    }

    /// <summary>Average pooling over the whole (square) feature map, to C×1×1.</summary>
    /// <exception cref="NotSupportedException">The feature map is not square.</exception>
    public int GlobalAveragePool(int input)
    {
        var s = Shape(input);
        if (s[1] != s[2]) throw new NotSupportedException("global average pooling of a non-square feature map");
        return Emit(new GraphNode(GraphOp.AvgPool, [input], [s[0], 1, 1], Kernel: (int)s[1]));
    }

    /// <summary>C×H×W to a vector.</summary>
    public int Flatten(int input) => Emit(new GraphNode(GraphOp.Flatten, [input], [Shape(input).Aggregate(1L, (a, b) => a * b)]));

    /// <summary>The element-wise sum of two values of one shape (a residual connection).</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public int Add(int left, int right)
    {
        if (!Shape(left).SequenceEqual(Shape(right)))
            throw new ArgumentException($"cannot add [{string.Join(',', Shape(left))}] and [{string.Join(',', Shape(right))}]", nameof(right));
        return Emit(new GraphNode(GraphOp.Add, [left, right], Shape(left)));
    }

    private int Record(nn.Module<Tensor, Tensor> layer, BatchNorm2d? norm, int input, int output)
    {
        _layers.Add(new GraphLayer(layer, norm, input, output));
        return output;
    }

    private int Emit(GraphNode node)
    {
        _nodes.Add(node);
        _shapes.Add(node.OutputShape);
        return _shapes.Count - 1;
    }

    private static float[] Floats(Tensor t) => t.detach().contiguous().data<float>().ToArray();
}

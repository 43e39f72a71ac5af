using PiToolkit.ModelFormat;
using PiToolkit.Models.Census;
using PiToolkit.Models.Data;
using PiToolkit.Models.Zoo;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PiToolkit.Linearize.Export;

/// <summary>
/// Turns a zoo model (trained, possibly linearized) into a <see cref="ModelGraph"/>: batch norm is
/// folded into the preceding convolution (W' = W·γ/σ, b' = (b − μ)·γ/σ + β with σ = √(var + ε)),
/// a site whose mask is all zero becomes nothing, an all-one site a plain ReLU, and a partial one
/// a masked ReLU with the mask expanded to one flag per activation.
/// </summary>
public static class GraphExtractor
{
    // The zoo builds every BatchNorm2d with libtorch's default ε.
    private const double BatchNormEpsilon = 1e-5;

    /// <summary>Extracts the graph; <paramref name="normalization"/> is recorded so a client can prepare inputs.</summary>
    /// <exception cref="NotSupportedException">The model's type is not one the extractor knows.</exception>
    public static ModelGraph Extract(ZooModel model, Normalization normalization)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(normalization);
        ReluCensus.Take(model); // Records every site's activation shape.
        var graph = new Builder(model.Options.InputShape);
        using var _ = no_grad();
        int value = 0;
        switch (model)
        {
            case SequentialClassifier:
                var parts = Children(model);
                value = graph.Chain(Children(parts["features"]).Values.ToList(), value);
                value = graph.Add(GraphOp.Flatten, [value], [graph.Shape(value).Aggregate(1L, (a, b) => a * b)]);
                graph.Chain(Children(parts["classifier"]).Values.ToList(), value);
                break;
            case ResNetCifar:
                var net = Children(model);
                value = graph.Chain([net["stem"], net["bn"], net["relu"]], value);
                foreach (var stage in Children(net["layers"]).Values)
                    foreach (var block in Children(stage).Values)
                        value = graph.Block(Children(block), value);
                var shape = graph.Shape(value);
                if (shape[1] != shape[2]) throw new NotSupportedException("global average pooling of a non-square feature map");
                value = graph.Add(GraphOp.AvgPool, [value], [shape[0], 1, 1], kernel: (int)shape[1]);
                value = graph.Add(GraphOp.Flatten, [value], [shape[0]]);
                graph.Chain([net["fc"]], value);
                break;
            default:
                throw new NotSupportedException($"cannot export a {model.GetType().Name}");
        }
        return new ModelGraph(model.Options.Architecture, model.Options.InputShape, model.Options.Classes,
            normalization.Mean, normalization.Std, graph.Nodes);
    }

    private static Dictionary<string, nn.Module> Children(nn.Module module) =>
        module.named_children().ToDictionary(c => c.name, c => c.module);

    private sealed class Builder(long[] inputShape)
    {
        private readonly List<long[]> _shapes = [inputShape];
        public List<GraphNode> Nodes { get; } = [];

        public long[] Shape(int value) => _shapes[value];

        public int Add(GraphOp op, int[] inputs, long[] shape, float[]? weight = null, long[]? weightShape = null, float[]? bias = null,
            int kernel = 0, int stride = 0, int padding = 0, bool[]? mask = null)
        {
            Nodes.Add(new GraphNode(op, inputs, shape, weight, weightShape, bias, kernel, stride, padding, mask));
            _shapes.Add(shape);
            return _shapes.Count - 1;
        }

        public int Chain(IReadOnlyList<nn.Module> modules, int value)
        {
            for (int i = 0; i < modules.Count; i++)
            {
                var next = i + 1 < modules.Count ? modules[i + 1] as BatchNorm2d : null;
                value = modules[i] switch
                {
                    Conv2d conv => Convolution(conv, next, value),
                    BatchNorm2d => throw new NotSupportedException("batch norm that does not follow a convolution"),
                    Linear linear => Add(GraphOp.Linear, [value], [linear.out_features], Floats(linear.weight!), linear.weight!.shape,
                        linear.bias is null ? new float[linear.out_features] : Floats(linear.bias)),
                    ReluSite site => Site(site, value),
                    PoolingLayer pool => Add(pool.Kind == PoolingKind.Max ? GraphOp.MaxPool : GraphOp.AvgPool, [value],
                        [Shape(value)[0], Shape(value)[1] / pool.Kernel, Shape(value)[2] / pool.Kernel], kernel: pool.Kernel),
                    var other => throw new NotSupportedException($"cannot export layer {other.GetType().Name}"),
                };
                if (next is not null) i++;
            }
            return value;
        }

        public int Block(Dictionary<string, nn.Module> block, int input)
        {
            int x = Chain([block["conv1"], block["bn1"], block["relu1"], block["conv2"], block["bn2"]], input);
            int shortcut = block.TryGetValue("shortcut", out var projection) ? Chain(Children(projection).Values.ToList(), input) : input;
            int sum = Add(GraphOp.Add, [x, shortcut], Shape(x));
            return Chain([block["relu2"]], sum);
        }

        private int Convolution(Conv2d conv, BatchNorm2d? norm, int value)
        {
            var w = conv.weight!;
            long[] pads = conv.padding ?? [0, 0];
            int kernel = (int)conv.kernel_size[0], stride = (int)conv.stride[0], padding = (int)pads[0];
            if (conv.kernel_size[0] != conv.kernel_size[1] || conv.stride[0] != conv.stride[1] || pads[0] != pads[1] || conv.groups != 1)
                throw new NotSupportedException("only square, ungrouped convolutions are exported");
            var shape = Shape(value);
            long[] output = [conv.out_channels, (shape[1] + 2 * padding - kernel) / stride + 1, (shape[2] + 2 * padding - kernel) / stride + 1];
            using var bias0 = conv.bias is null ? zeros(conv.out_channels) : conv.bias.detach().clone();
            if (norm is null)
                return Add(GraphOp.Conv, [value], output, Floats(w), w.shape, Floats(bias0), kernel, stride, padding);
            var state = norm.state_dict();
            using var scale = state["weight"] / (state["running_var"] + BatchNormEpsilon).sqrt();
            using var folded = w * scale.reshape(-1, 1, 1, 1);
            using var bias = (bias0 - state["running_mean"]) * scale + state["bias"];
            return Add(GraphOp.Conv, [value], output, Floats(folded), w.shape, Floats(bias), kernel, stride, padding);
        }

        private int Site(ReluSite site, int value)
        {
            if (site.Mask is null) return Add(GraphOp.Relu, [value], Shape(value));
            using var expanded = site.Mask.ne(0).expand(Shape(value)).contiguous();
            bool[] mask = expanded.data<bool>().ToArray();
            if (mask.All(m => !m)) return value; // Fully linearized: the identity, no node.
            return mask.All(m => m)
                ? Add(GraphOp.Relu, [value], Shape(value))
                : Add(GraphOp.MaskedRelu, [value], Shape(value), mask: mask);
        }

        private static float[] Floats(Tensor t) => t.detach().contiguous().data<float>().ToArray();
    }
}

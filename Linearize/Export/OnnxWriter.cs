using System.Runtime.InteropServices;
using PiToolkit.ModelFormat;
using PiToolkit.ModelFormat.IO;

namespace PiToolkit.Linearize.Export;

/// <summary>
/// Writes a <see cref="ModelGraph"/> as an ONNX model (opset 13, IR version 8) in float32: Conv,
/// Gemm, AveragePool/MaxPool, Flatten, Add, Relu, and a partially linearized site as the standard
/// ops x + m ⊙ (Relu(x) − x) with the mask m as an initializer. The input "input" is
/// [N, C, H, W] (normalised), the output "logits" is [N, classes].
/// </summary>
public static class OnnxWriter
{
    /// <summary>The operator set version the file declares.</summary>
    public const int Opset = 13;

    // onnx.proto field numbers.
    private const int ModelIrVersion = 1, ModelProducerName = 2, ModelProducerVersion = 3, ModelGraph = 7, ModelOpsetImport = 8;
    private const int OpsetVersion = 2;
    private const int GraphNode = 1, GraphName = 2, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12;
    private const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4, NodeAttribute = 5;
    private const int AttributeName = 1, AttributeInt = 3, AttributeInts = 8, AttributeType = 20;
    private const int AttributeTypeInt = 2, AttributeTypeInts = 7;
    private const int TensorDims = 1, TensorDataType = 2, TensorName = 8, TensorRawData = 9, DataTypeFloat = 1;
    private const int ValueInfoName = 1, ValueInfoType = 2, TypeTensor = 1, TensorTypeElem = 1, TensorTypeShape = 2;
    private const int ShapeDim = 1, DimValue = 1, DimParam = 2;

    /// <summary>Writes the model to <paramref name="path"/> (through a temporary file and a rename).</summary>
    public static void Write(ModelGraph graph, string path)
    {
        AtomicFile.WriteAllBytes(path, Serialize(graph));
    }

    /// <summary>The ONNX bytes of <paramref name="graph"/>.</summary>
    public static byte[] Serialize(ModelGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var g = new ProtoWriter().String(GraphName, graph.Architecture);
        var names = new List<string> { "input" };
        for (int k = 0; k < graph.Nodes.Count; k++)
        {
            var n = graph.Nodes[k];
            string x = names[n.Inputs[0]];
            string y = k == graph.Nodes.Count - 1 ? "logits" : $"v{k + 1}";
            string p = $"n{k}_";
            switch (n.Op)
            {
                case GraphOp.Conv:
                    g.Message(GraphInitializer, Tensor(p + "W", n.WeightShape!, n.Weight!)).Message(GraphInitializer, Tensor(p + "B", [n.Bias!.Length], n.Bias));
                    g.Message(GraphNode, Node("Conv", p, [x, p + "W", p + "B"], y,
                        Ints("kernel_shape", n.Kernel, n.Kernel), Ints("pads", n.Padding, n.Padding, n.Padding, n.Padding), Ints("strides", n.Stride, n.Stride)));
                    break;
                case GraphOp.Linear:
                    g.Message(GraphInitializer, Tensor(p + "W", n.WeightShape!, n.Weight!)).Message(GraphInitializer, Tensor(p + "B", [n.Bias!.Length], n.Bias));
                    g.Message(GraphNode, Node("Gemm", p, [x, p + "W", p + "B"], y, Int("transB", 1)));
                    break;
                case GraphOp.AvgPool or GraphOp.MaxPool:
                    g.Message(GraphNode, Node(n.Op == GraphOp.MaxPool ? "MaxPool" : "AveragePool", p, [x], y,
                        Ints("kernel_shape", n.Kernel, n.Kernel), Ints("strides", n.Kernel, n.Kernel)));
                    break;
                case GraphOp.Flatten:
                    g.Message(GraphNode, Node("Flatten", p, [x], y, Int("axis", 1)));
                    break;
                case GraphOp.Add:
                    g.Message(GraphNode, Node("Add", p, [x, names[n.Inputs[1]]], y));
                    break;
                case GraphOp.Relu:
                    g.Message(GraphNode, Node("Relu", p, [x], y));
                    break;
                case GraphOp.MaskedRelu:
                    g.Message(GraphInitializer, Tensor(p + "mask", n.OutputShape, n.Mask!.Select(m => m ? 1f : 0f).ToArray()));
                    g.Message(GraphNode, Node("Relu", p + "relu", [x], p + "r"));
                    g.Message(GraphNode, Node("Sub", p + "sub", [p + "r", x], p + "d"));
                    g.Message(GraphNode, Node("Mul", p + "mul", [p + "mask", p + "d"], p + "md"));
                    g.Message(GraphNode, Node("Add", p + "add", [x, p + "md"], y));
                    break;
                default:
                    throw new NotSupportedException($"operation {n.Op}");
            }
            names.Add(y);
        }
        g.Message(GraphInput, ValueInfo("input", [null, .. graph.InputShape]));
        g.Message(GraphOutput, ValueInfo("logits", [null, graph.Classes]));

        return new ProtoWriter()
            .Int64(ModelIrVersion, 8)
            .String(ModelProducerName, "PiToolkit")
            .String(ModelProducerVersion, typeof(OnnxWriter).Assembly.GetName().Version?.ToString(3) ?? "0")
            .Message(ModelGraph, g)
            .Message(ModelOpsetImport, new ProtoWriter().Int64(OpsetVersion, Opset))
            .ToArray();
    }

    private static ProtoWriter Node(string op, string name, string[] inputs, string output, params ProtoWriter[] attributes)
    {
        var node = new ProtoWriter();
        foreach (var i in inputs) node.String(NodeInput, i);
        node.String(NodeOutput, output).String(NodeName, name).String(NodeOpType, op);
        foreach (var a in attributes) node.Message(NodeAttribute, a);
        return node;
    }

    private static ProtoWriter Int(string name, long value) =>
        new ProtoWriter().String(AttributeName, name).Int64(AttributeInt, value).Int64(AttributeType, AttributeTypeInt);

    private static ProtoWriter Ints(string name, params long[] values)
    {
        var attribute = new ProtoWriter().String(AttributeName, name);
        foreach (long v in values) attribute.Int64(AttributeInts, v);
        return attribute.Int64(AttributeType, AttributeTypeInts);
    }

    private static ProtoWriter Tensor(string name, long[] dims, float[] values)
    {
        var tensor = new ProtoWriter();
        foreach (long d in dims) tensor.Int64(TensorDims, d);
        // raw_data is little-endian by the ONNX spec, which is this machine's order.
        return tensor.Int64(TensorDataType, DataTypeFloat).String(TensorName, name).Bytes(TensorRawData, MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static ProtoWriter ValueInfo(string name, long?[] dims)
    {
        var shape = new ProtoWriter();
        foreach (var d in dims)
            shape.Message(ShapeDim, d is { } value ? new ProtoWriter().Int64(DimValue, value) : new ProtoWriter().String(DimParam, "N"));
        var tensorType = new ProtoWriter().Int64(TensorTypeElem, DataTypeFloat).Message(TensorTypeShape, shape);
        return new ProtoWriter().String(ValueInfoName, name).Message(ValueInfoType, new ProtoWriter().Message(TypeTensor, tensorType));
    }
}

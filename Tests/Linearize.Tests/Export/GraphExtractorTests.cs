using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using PiToolkit.Linearize.Export;
using PiToolkit.ModelFormat;
using PiToolkit.Models.Census;
using static TorchSharp.torch;

namespace PiToolkit.Linearize.Tests.Export;

public sealed class GraphExtractorTests
{
    public static TheoryData<string, double, string> Cases() => ExportedModels.Cases();

    private static (ModelGraph Graph, float[][] Inputs, float[][] Expected, CensusReport Census) Prepare(string architecture, double width, string pooling)
    {
        using var model = ExportedModels.Build(architecture, width, pooling, seed: 5);
        var graph = GraphExtractor.Extract(model, model.Options.InputChannels == 3 ? ExportedModels.Color : ExportedModels.Gray);
        using var input = randn([3, .. model.Options.InputShape]);
        using var output = model.forward(input);
        var inputs = Enumerable.Range(0, 3).Select(i => input[i].data<float>().ToArray()).ToArray();
        var expected = Enumerable.Range(0, 3).Select(i => output[i].data<float>().ToArray()).ToArray();
        return (graph, inputs, expected, ReluCensus.Take(model));
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        float scale = Math.Max(1f, expected.Max(Math.Abs));
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4f * scale, $"logit {i}: expected {expected[i]}, got {actual[i]}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_plain_interpreter_reproduces_TorchSharp_with_batch_norm_folded(string architecture, double width, string pooling)
    {
        var (graph, inputs, expected, census) = Prepare(architecture, width, pooling);
        for (int i = 0; i < inputs.Length; i++) AssertClose(expected[i], GraphInterpreter.Evaluate(graph, inputs[i]));
        Assert.Equal(census.TotalRelus, graph.Relus);
        Assert.DoesNotContain(graph.Nodes, n => n.Op == GraphOp.MaskedRelu && n.Mask!.All(m => !m));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_ONNX_export_matches_TorchSharp_through_ONNX_Runtime(string architecture, double width, string pooling)
    {
        var (graph, inputs, expected, _) = Prepare(architecture, width, pooling);
        using var session = new InferenceSession(OnnxWriter.Serialize(graph));
        var batch = new DenseTensor<float>(inputs.SelectMany(x => x).ToArray(), [inputs.Length, .. graph.InputShape.Select(d => (int)d)]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", batch)]);
        var logits = results.Single(r => r.Name == "logits").AsTensor<float>().ToArray();
        for (int i = 0; i < inputs.Length; i++) AssertClose(expected[i], logits.AsSpan(i * graph.Classes, graph.Classes).ToArray());
    }

    [Fact]
    public void Linearized_sites_become_nothing_partial_sites_keep_their_bitmap_and_full_sites_stay_ReLU()
    {
        using var model = ExportedModels.Build("lenet5", 1.0, "max", seed: 3);
        var graph = GraphExtractor.Extract(model, ExportedModels.Gray);
        var ops = graph.Nodes.Select(n => n.Op).ToArray();
        Assert.Equal([GraphOp.Conv, GraphOp.MaskedRelu, GraphOp.MaxPool, GraphOp.Conv, GraphOp.MaxPool, GraphOp.Flatten,
            GraphOp.Linear, GraphOp.Relu, GraphOp.Linear, GraphOp.Relu, GraphOp.Linear], ops);
        Assert.Equal(6 * 24 * 24, graph.Nodes[1].Mask!.Length);
    }
}

using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using PiToolkit.Linearize.Export;
using PiToolkit.ModelFormat;
using PiToolkit.Models.Census;
using PiToolkit.Models.Zoo;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PiToolkit.Linearize.Tests.Export;

public sealed class GraphExtractorTests
{
    public static TheoryData<string, double, string, bool> Cases() => ExportedModels.Cases();

    private static (ModelGraph Graph, float[][] Inputs, float[][] Expected, CensusReport Census) Prepare(string architecture, double width, string pooling, bool batchNorm)
    {
        using var model = ExportedModels.Build(architecture, width, pooling, seed: 5, batchNorm);
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
    public void The_plain_interpreter_reproduces_TorchSharp_with_batch_norm_folded(string architecture, double width, string pooling, bool batchNorm)
    {
        var (graph, inputs, expected, census) = Prepare(architecture, width, pooling, batchNorm);
        for (int i = 0; i < inputs.Length; i++) AssertClose(expected[i], GraphInterpreter.Evaluate(graph, inputs[i]));
        Assert.Equal(census.TotalRelus, graph.Relus);
        Assert.DoesNotContain(graph.Nodes, n => n.Op == GraphOp.MaskedRelu && n.Mask!.All(m => !m));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_ONNX_export_matches_TorchSharp_through_ONNX_Runtime(string architecture, double width, string pooling, bool batchNorm)
    {
        var (graph, inputs, expected, _) = Prepare(architecture, width, pooling, batchNorm);
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

    [Fact]
    public void Batch_norm_is_folded_with_the_modules_own_epsilon()
    {
        using var model = ExportedModels.Build("vgg11", 0.125, "avg", seed: 4);
        using (no_grad())
            foreach (var (_, module) in model.named_modules())
                if (module is BatchNorm2d bn)
                {
                    // A variance near zero makes ε dominate σ: folding with libtorch's default 1e-5
                    // instead of the module's 0.5 would change the logits by orders of magnitude.
                    bn.eps = 0.5;
                    bn.state_dict()["running_var"].fill_(1e-3);
                }
        var graph = GraphExtractor.Extract(model, ExportedModels.Color);
        using var input = randn([1, .. model.Options.InputShape]);
        using var output = model.forward(input);
        AssertClose(output[0].data<float>().ToArray(), GraphInterpreter.Evaluate(graph, input[0].data<float>().ToArray()));
    }

    [Fact]
    public void A_mask_that_is_not_exactly_zero_or_one_is_refused_with_the_site_named()
    {
        using var model = ExportedModels.Build("lenet5", 1.0, "max", seed: 2);
        var (name, site) = model.ReluSites()[2];
        using (var soft = full(site.Mask!.shape, 0.3f)) site.SetMask(soft, trainable: false);
        var error = Assert.Throws<ArgumentException>(() => GraphExtractor.Extract(model, ExportedModels.Gray));
        Assert.Contains($"site {name}", error.Message);
        Assert.Contains("neither 0 nor 1 (e.g. 0.3)", error.Message);
    }

    [Fact]
    public void A_model_describes_its_own_graph_whatever_its_fields_are_called()
    {
        manual_seed(11);
        using var model = new RenamedFieldsModel(new ModelOptions("renamed", 3, 1, 6, 6));
        var graph = GraphExtractor.Extract(model, ExportedModels.Gray);
        Assert.Equal([GraphOp.Conv, GraphOp.Relu, GraphOp.Flatten, GraphOp.Linear], graph.Nodes.Select(n => n.Op));
        model.eval();
        using var input = randn([1, 1, 6, 6]);
        using var output = model.forward(input);
        AssertClose(output[0].data<float>().ToArray(), GraphInterpreter.Evaluate(graph, input[0].data<float>().ToArray()));
    }
}

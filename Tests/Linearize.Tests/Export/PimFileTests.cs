using PiToolkit.Linearize.Export;

namespace PiToolkit.Linearize.Tests.Export;

public sealed class PimFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pitk-pim-").FullName;

    private static ModelGraph Graph(string architecture = "resnet20", double width = 0.25)
    {
        using var model = ExportedModels.Build(architecture, width, "max", seed: 9);
        return GraphExtractor.Extract(model, architecture == "resnet20" ? ExportedModels.Color : ExportedModels.Gray);
    }

    [Fact]
    public void A_written_model_reads_back_identical()
    {
        var graph = Graph();
        string path = Path.Combine(_folder, "m.pim");
        PimFile.Write(graph, path);
        var read = PimFile.Read(path);
        Assert.Equal(graph.Architecture, read.Architecture);
        Assert.Equal(graph.InputShape, read.InputShape);
        Assert.Equal(graph.Mean, read.Mean);
        Assert.Equal(graph.Nodes.Count, read.Nodes.Count);
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            var (a, b) = (graph.Nodes[i], read.Nodes[i]);
            Assert.Equal((a.Op, a.Kernel, a.Stride, a.Padding), (b.Op, b.Kernel, b.Stride, b.Padding));
            Assert.Equal(a.Inputs, b.Inputs);
            Assert.Equal(a.OutputShape, b.OutputShape);
            Assert.Equal(a.Weight, b.Weight);
            Assert.Equal(a.Bias, b.Bias);
            Assert.Equal(a.Mask, b.Mask);
        }
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public void Any_flipped_byte_in_the_payload_fails_the_checksum()
    {
        byte[] bytes = PimFile.Serialize(Graph("mlp", 0.25));
        foreach (int at in new[] { 25, bytes.Length / 2, bytes.Length - 40 })
        {
            var copy = (byte[])bytes.Clone();
            copy[at] ^= 0x10;
            Assert.Contains("checksum", Assert.Throws<ModelFormatException>(() => PimFile.Parse(copy, "m.pim")).Message);
        }
    }

    [Fact]
    public void Truncated_files_wrong_magic_and_other_versions_are_named()
    {
        byte[] bytes = PimFile.Serialize(Graph("mlp", 0.25));
        Assert.Contains("truncated", Assert.Throws<ModelFormatException>(() => PimFile.Parse(bytes[..^100], "m.pim")).Message);
        Assert.Contains("not a PiToolkit model", Assert.Throws<ModelFormatException>(() => PimFile.Parse(bytes[..10], "m.pim")).Message);
        var other = (byte[])bytes.Clone();
        other[0] = (byte)'X';
        Assert.Contains("not a PiToolkit model", Assert.Throws<ModelFormatException>(() => PimFile.Parse(other, "m.pim")).Message);
        var newer = (byte[])bytes.Clone();
        newer[8] = 2;
        Assert.Contains("version 2", Assert.Throws<ModelFormatException>(() => PimFile.Parse(newer, "m.pim")).Message);
        Assert.Contains("not found", Assert.Throws<ModelFormatException>(() => PimFile.Read(Path.Combine(_folder, "none.pim"))).Message);
    }

    [Fact]
    public void A_well_checksummed_but_inconsistent_graph_is_refused()
    {
        var graph = Graph("mlp", 0.25);
        var broken = graph with { Nodes = [graph.Nodes[0] with { Inputs = [5] }, .. graph.Nodes.Skip(1)] };
        var error = Assert.Throws<ModelFormatException>(() => PimFile.Parse(PimFile.Serialize(broken), "m.pim"));
        Assert.Contains("node 0", error.Message);

        var linear = graph.Nodes.First(n => n.Op == GraphOp.Linear);
        var bad = graph with { Nodes = graph.Nodes.Select(n => ReferenceEquals(n, linear) ? n with { Bias = [1f] } : n).ToList() };
        Assert.Contains("bias", Assert.Throws<ModelFormatException>(() => PimFile.Parse(PimFile.Serialize(bad), "m.pim")).Message);
        Assert.NotNull(PimFile.Parse(PimFile.Serialize(graph), "m.pim"));
    }

    [Fact]
    public void A_failed_write_leaves_the_existing_file_intact()
    {
        string path = Path.Combine(_folder, "m.pim");
        PimFile.Write(Graph("mlp", 0.25), path);
        byte[] before = File.ReadAllBytes(path);
        Assert.ThrowsAny<Exception>(() => PimFile.Write(null!, path));
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

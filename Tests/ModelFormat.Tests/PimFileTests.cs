namespace PiToolkit.ModelFormat.Tests;

public sealed class PimFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pitk-pim-").FullName;

    [Fact]
    public void A_written_model_reads_back_identical()
    {
        var graph = SampleGraphs.EveryOperation();
        string path = Path.Combine(_folder, "m.pim");
        PimFile.Write(graph, path);
        var read = PimFile.Read(path);
        Assert.Equal(graph.Architecture, read.Architecture);
        Assert.Equal(graph.InputShape, read.InputShape);
        Assert.Equal(graph.Classes, read.Classes);
        Assert.Equal(graph.Mean, read.Mean);
        Assert.Equal(graph.Std, read.Std);
        Assert.Equal(graph.Nodes.Count, read.Nodes.Count);
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            var (a, b) = (graph.Nodes[i], read.Nodes[i]);
            Assert.Equal((a.Op, a.Kernel, a.Stride, a.Padding), (b.Op, b.Kernel, b.Stride, b.Padding));
            Assert.Equal(a.Inputs, b.Inputs);
            Assert.Equal(a.OutputShape, b.OutputShape);
            Assert.Equal(a.Weight, b.Weight);
            Assert.Equal(a.WeightShape, b.WeightShape);
            Assert.Equal(a.Bias, b.Bias);
            Assert.Equal(a.Mask, b.Mask);
        }
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public void The_header_is_magic_version_reserved_length_and_the_trailer_is_SHA256()
    {
        byte[] bytes = PimFile.Serialize(SampleGraphs.EveryOperation());
        Assert.Equal("PITKMODL"u8.ToArray(), bytes[..8]);
        Assert.Equal(PimFile.FormatVersion, BitConverter.ToUInt16(bytes, 8));
        Assert.Equal(0, BitConverter.ToUInt16(bytes, 10));
        Assert.Equal((ulong)(bytes.Length - 20 - 32), BitConverter.ToUInt64(bytes, 12));
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32)), bytes[^32..]);
    }

    [Fact]
    public void Any_flipped_byte_in_the_payload_fails_the_checksum()
    {
        byte[] bytes = PimFile.Serialize(SampleGraphs.EveryOperation());
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
        byte[] bytes = PimFile.Serialize(SampleGraphs.EveryOperation());
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
    public void A_well_checksummed_but_inconsistent_graph_is_refused_with_the_file_and_node_named()
    {
        var graph = SampleGraphs.EveryOperation();
        var error = Assert.Throws<ModelFormatException>(() => PimFile.Parse(PimFile.Serialize(graph.With(0, n => n with { Inputs = [5] })), "m.pim"));
        Assert.StartsWith("m.pim: node 0", error.Message);

        var bad = graph.With(8, n => n with { Bias = [1f] });
        Assert.Contains("bias", Assert.Throws<ModelFormatException>(() => PimFile.Parse(PimFile.Serialize(bad), "m.pim")).Message);
        Assert.NotNull(PimFile.Parse(PimFile.Serialize(graph), "m.pim"));
    }

    [Fact]
    public void A_failed_write_leaves_the_existing_file_intact()
    {
        string path = Path.Combine(_folder, "m.pim");
        PimFile.Write(SampleGraphs.EveryOperation(), path);
        byte[] before = File.ReadAllBytes(path);
        Assert.ThrowsAny<Exception>(() => PimFile.Write(null!, path));
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

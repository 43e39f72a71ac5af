using PiToolkit.Assets;
using PiToolkit.Models.Data;

namespace PiToolkit.Models.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private (string Images, string Labels) Write(byte[] images, byte[] labels)
    {
        File.WriteAllBytes(_temp.File("images"), images);
        File.WriteAllBytes(_temp.File("labels"), labels);
        return (_temp.File("images"), _temp.File("labels"));
    }

    [Fact]
    public void A_well_formed_pair_is_read_pixel_for_pixel()
    {
        var (images, labels) = Write(IdxFiles.Images(3, 2, 4, i => (byte)(i * 7)), IdxFiles.Labels(4, 0, 9));
        var set = IdxReader.Read(images, labels);
        Assert.Equal(3, set.Count);
        Assert.Equal((1, 2, 4), (set.Channels, set.Height, set.Width));
        Assert.Equal([4, 0, 9], set.Labels);
        Assert.Equal(Enumerable.Range(0, 24).Select(i => (byte)(i * 7)), set.Pixels);
    }

    [Fact]
    public void A_wrong_magic_number_is_named_with_the_file()
    {
        var (images, labels) = Write(IdxFiles.Images(1, 2, 2, _ => 0, magic: 0x801), IdxFiles.Labels(1));
        var error = Assert.Throws<DatasetFormatException>(() => IdxReader.Read(images, labels));
        Assert.Equal(images, error.FilePath);
        Assert.Contains("wrong magic number 0x00000801", error.Message);
    }

    [Fact]
    public void Swapped_image_and_label_files_are_rejected()
    {
        var (images, labels) = Write(IdxFiles.Images(1, 2, 2, _ => 0), IdxFiles.Labels(1));
        Assert.Throws<DatasetFormatException>(() => IdxReader.Read(labels, images));
    }

    [Fact]
    public void A_truncated_image_file_is_rejected()
    {
        var full = IdxFiles.Images(3, 4, 4, _ => 1);
        var (images, labels) = Write(full[..^5], IdxFiles.Labels(1, 2, 3));
        Assert.Contains("truncated", Assert.Throws<DatasetFormatException>(() => IdxReader.Read(images, labels)).Message);
    }

    [Fact]
    public void A_file_shorter_than_its_header_is_rejected()
    {
        var (images, labels) = Write([0, 0, 8], IdxFiles.Labels(1));
        Assert.Contains("header", Assert.Throws<DatasetFormatException>(() => IdxReader.Read(images, labels)).Message);
    }

    [Fact]
    public void Trailing_bytes_are_rejected()
    {
        var (images, labels) = Write(IdxFiles.Images(1, 2, 2, _ => 0), [.. IdxFiles.Labels(1), 0, 0]);
        Assert.Contains("unexpected bytes", Assert.Throws<DatasetFormatException>(() => IdxReader.Read(images, labels)).Message);
    }

    [Fact]
    public void Image_and_label_counts_that_disagree_are_rejected()
    {
        var (images, labels) = Write(IdxFiles.Images(3, 2, 2, _ => 0), IdxFiles.Labels(1, 2));
        var error = Assert.Throws<DatasetFormatException>(() => IdxReader.Read(images, labels));
        Assert.Contains("2 labels", error.Message);
        Assert.Contains("3 images", error.Message);
    }

    [Fact]
    public void A_label_outside_the_classes_is_rejected()
    {
        var (images, labels) = Write(IdxFiles.Images(2, 2, 2, _ => 0), IdxFiles.Labels(3, 10));
        Assert.Contains("label 10 at index 1", Assert.Throws<DatasetFormatException>(() => IdxReader.Read(images, labels)).Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var error = Assert.Throws<DatasetFormatException>(() => IdxReader.Read(_temp.File("nope"), _temp.File("nope2")));
        Assert.Contains("nope", error.Message);
        Assert.Contains("not found", error.Message);
    }

    [Fact]
    public void The_bundled_MNIST_has_the_published_sizes()
    {
        var (train, test) = DatasetCatalog.Load("mnist");
        Assert.Equal(60_000, train.Count);
        Assert.Equal(10_000, test.Count);
        Assert.Equal((1, 28, 28), (train.Channels, train.Height, train.Width));
        // Every digit occurs, in roughly balanced numbers (the published counts range from 5,421 to 6,742).
        Assert.All(Enumerable.Range(0, 10), d => Assert.InRange(train.Labels.Count(l => l == d), 5_421, 6_742));
        Assert.True(File.Exists(AssetPaths.Require("mnist/t10k-labels-idx1-ubyte")));
    }

    public void Dispose() => _temp.Dispose();
}

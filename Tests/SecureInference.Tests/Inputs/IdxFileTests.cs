using System.Buffers.Binary;
using PiToolkit.SecureInference.Inputs;

namespace PiToolkit.SecureInference.Tests.Inputs;

public sealed class IdxFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pitk-idx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, int magic, int[] dims, byte[] body)
    {
        var bytes = new byte[4 + 4 * dims.Length + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int d = 0; d < dims.Length; d++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dims[d]);
        body.CopyTo(bytes, 4 + 4 * dims.Length);
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Images_and_labels_are_read_by_index()
    {
        string images = Write("images", IdxFile.ImagesMagic, [3, 2, 3], Enumerable.Range(0, 18).Select(i => (byte)i).ToArray());
        string labels = Write("labels", IdxFile.LabelsMagic, [3], [7, 2, 9]);
        Assert.Equal(3, IdxFile.CountImages(images));
        var (pixels, rows, columns) = IdxFile.ReadImage(images, 1);
        Assert.Equal((2, 3), (rows, columns));
        Assert.Equal([6, 7, 8, 9, 10, 11], pixels);
        Assert.Equal(9, IdxFile.ReadLabel(labels, 2));
        var range = IdxFile.ReadImages(images, 1, 2);
        Assert.Equal([12, 13, 14, 15, 16, 17], range.Pixels[1]);
    }

    [Fact]
    public void Bad_files_and_indices_are_input_format_errors()
    {
        string images = Write("images", IdxFile.ImagesMagic, [3, 2, 3], new byte[18]);
        Assert.Contains("index 3 is outside 0..2", Assert.Throws<InputFormatException>(() => IdxFile.ReadImage(images, 3)).Message);
        Assert.Throws<InputFormatException>(() => IdxFile.ReadImage(images, -1));
        Assert.Contains("wrong magic", Assert.Throws<InputFormatException>(() => IdxFile.ReadLabel(images, 0)).Message);
        string truncated = Write("truncated", IdxFile.ImagesMagic, [3, 2, 3], new byte[17]);
        Assert.Contains("truncated", Assert.Throws<InputFormatException>(() => IdxFile.ReadImage(truncated, 0)).Message);
        string tiny = Path.Combine(_folder, "tiny");
        File.WriteAllBytes(tiny, [0, 0, 8]);
        Assert.Throws<InputFormatException>(() => IdxFile.CountImages(tiny));
        Assert.Throws<InputFormatException>(() => IdxFile.CountImages(Path.Combine(_folder, "missing")));
    }

    [Fact]
    public void The_installed_mnist_test_set_gives_image_7_with_its_label()
    {
        var spec = InputSpec.Create([1, 28, 28], [0.1307], [0.3081]);
        var (input, label) = MnistTestSet.Load(0, spec);
        Assert.Equal(7, label); // the first MNIST test image is a 7
        Assert.Equal(784, input.Length);
        Assert.Equal(0 * (float)(1.0 / (255.0 * 0.3081)) + (float)(-0.1307 / 0.3081), input[0]);
        Assert.Equal(10_000, IdxFile.CountImages(MnistTestSet.ImagesPath));
        Assert.Throws<ArgumentOutOfRangeException>(() => MnistTestSet.Load(10_000, spec));
    }
}

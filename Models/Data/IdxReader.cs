using System.Buffers.Binary;

namespace PiToolkit.Models.Data;

/// <summary>
/// Reads the IDX files MNIST (and Fashion-MNIST) ship as: a big-endian header with a magic number
/// (0x00000803 for unsigned-byte images, 0x00000801 for labels) and the dimension sizes, then the data.
/// </summary>
public static class IdxReader
{
    /// <summary>Magic number of an unsigned-byte, three-dimensional IDX file (images).</summary>
    public const int ImagesMagic = 0x00000803;
    /// <summary>Magic number of an unsigned-byte, one-dimensional IDX file (labels).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>Reads a matching images/labels pair into an <see cref="ImageSet"/> of 1-channel images.</summary>
    /// <exception cref="DatasetFormatException">A file is missing, has the wrong magic number, is truncated or has trailing bytes, the counts disagree, or a label is ≥ <paramref name="classes"/>.</exception>
    public static ImageSet Read(string imagesPath, string labelsPath, int classes = 10)
    {
        var (images, count, rows, cols) = ReadImages(imagesPath);
        var labels = ReadLabels(labelsPath, classes);
        if (labels.Length != count)
            throw new DatasetFormatException(labelsPath, $"holds {labels.Length} labels but {imagesPath} holds {count} images");
        return new ImageSet(images, labels, 1, rows, cols, classes);
    }

    /// <summary>Reads an images file: returns the pixel bytes and the dimensions.</summary>
    /// <exception cref="DatasetFormatException">The file is missing or malformed.</exception>
    public static (byte[] Pixels, int Count, int Rows, int Columns) ReadImages(string path)
    {
        byte[] bytes = ReadFile(path);
        var dims = ParseHeader(bytes, path, ImagesMagic, 3);
        int count = dims[0], rows = dims[1], cols = dims[2];
        if (rows == 0 || cols == 0) throw new DatasetFormatException(path, $"image size {rows}×{cols} is empty");
        CheckLength(bytes, path, 16, (long)count * rows * cols, $"{count} images of {rows}×{cols}");
        return (bytes.AsSpan(16).ToArray(), count, rows, cols);
    }

    /// <summary>Reads a labels file, checking every label is below <paramref name="classes"/>.</summary>
    /// <exception cref="DatasetFormatException">The file is missing or malformed.</exception>
    public static int[] ReadLabels(string path, int classes = 10)
    {
        byte[] bytes = ReadFile(path);
        int count = ParseHeader(bytes, path, LabelsMagic, 1)[0];
        CheckLength(bytes, path, 8, count, $"{count} labels");
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = bytes[8 + i];
            if (labels[i] >= classes)
                throw new DatasetFormatException(path, $"label {labels[i]} at index {i} is not a class 0..{classes - 1}");
        }
        return labels;
    }

    private static byte[] ReadFile(string path)
    {
        if (!File.Exists(path)) throw new DatasetFormatException(path, "file not found");
        return File.ReadAllBytes(path);
    }

    private static int[] ParseHeader(byte[] bytes, string path, int magic, int dimensions)
    {
        int headerSize = 4 + 4 * dimensions;
        if (bytes.Length < headerSize)
            throw new DatasetFormatException(path, $"truncated: {bytes.Length} bytes is shorter than the {headerSize}-byte IDX header");
        int found = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (found != magic)
            throw new DatasetFormatException(path, $"wrong magic number 0x{found:x8}, expected 0x{magic:x8} ({(magic == ImagesMagic ? "IDX images" : "IDX labels")})");
        var dims = new int[dimensions];
        for (int d = 0; d < dimensions; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (dims[d] < 0) throw new DatasetFormatException(path, $"dimension {d} is negative ({dims[d]})");
        }
        return dims;
    }

    private static void CheckLength(byte[] bytes, string path, int header, long payload, string what)
    {
        long expected = header + payload;
        if (bytes.Length < expected)
            throw new DatasetFormatException(path, $"truncated: header promises {what} ({expected} bytes) but the file has {bytes.Length}");
        if (bytes.Length > expected)
            throw new DatasetFormatException(path, $"{bytes.Length - expected} unexpected bytes after {what}");
    }
}

using System.Buffers.Binary;

namespace PiToolkit.SecureInference.Inputs;

/// <summary>
/// Reads single images and labels from IDX files (MNIST's format: a big-endian header with magic
/// 0x00000803 for unsigned-byte images or 0x00000801 for labels, the dimensions, then the bytes) by
/// index, seeking rather than loading the whole file. The client needs one test image at a time and
/// must not pull in the training stack (TorchSharp) that <c>Models</c>' reader lives beside.
/// </summary>
public static class IdxFile
{
    /// <summary>Magic number of an unsigned-byte, three-dimensional IDX file (images).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of an unsigned-byte, one-dimensional IDX file (labels).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>The number of images in an images file.</summary>
    /// <exception cref="InputFormatException">The file is missing or malformed.</exception>
    public static int CountImages(string path)
    {
        using var stream = Open(path);
        return ReadHeader(stream, path, ImagesMagic, 3)[0];
    }

    /// <summary>Reads image <paramref name="index"/>: its row-major pixel bytes and size.</summary>
    /// <exception cref="InputFormatException">The file is missing or malformed, or <paramref name="index"/> is past its end.</exception>
    public static (byte[] Pixels, int Rows, int Columns) ReadImage(string path, int index)
    {
        var images = ReadImages(path, index, 1);
        return (images.Pixels[0], images.Rows, images.Columns);
    }

    /// <summary>Reads <paramref name="count"/> consecutive images starting at <paramref name="first"/>.</summary>
    /// <exception cref="InputFormatException">The file is missing or malformed, or the range runs past its end.</exception>
    public static (IReadOnlyList<byte[]> Pixels, int Rows, int Columns) ReadImages(string path, int first, int count)
    {
        using var stream = Open(path);
        var dims = ReadHeader(stream, path, ImagesMagic, 3);
        int total = dims[0], rows = dims[1], columns = dims[2];
        if (rows == 0 || columns == 0) throw new InputFormatException(path, $"image size {rows}×{columns} is empty");
        long size = (long)rows * columns;
        if (size > 1 << 24) throw new InputFormatException(path, $"image size {rows}×{columns} is implausibly large");
        CheckLength(stream, path, 16 + total * size, $"{total} images of {rows}×{columns}");
        CheckRange(path, first, count, total, "images");
        stream.Position = 16 + first * size;
        var pixels = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            pixels[i] = new byte[size];
            stream.ReadExactly(pixels[i]);
        }
        return (pixels, rows, columns);
    }

    /// <summary>Reads label <paramref name="index"/> of a labels file.</summary>
    /// <exception cref="InputFormatException">The file is missing or malformed, or <paramref name="index"/> is past its end.</exception>
    public static int ReadLabel(string path, int index)
    {
        using var stream = Open(path);
        int total = ReadHeader(stream, path, LabelsMagic, 1)[0];
        CheckLength(stream, path, 8L + total, $"{total} labels");
        CheckRange(path, index, 1, total, "labels");
        stream.Position = 8 + index;
        return stream.ReadByte();
    }

    private static FileStream Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new InputFormatException(path, "file not found");
        return File.OpenRead(path);
    }

    private static int[] ReadHeader(Stream stream, string path, int magic, int dimensions)
    {
        int headerSize = 4 + 4 * dimensions;
        Span<byte> header = stackalloc byte[headerSize];
        if (stream.ReadAtLeast(header, headerSize, throwOnEndOfStream: false) < headerSize)
        {
            throw new InputFormatException(path, $"truncated: shorter than the {headerSize}-byte IDX header");
        }
        int found = BinaryPrimitives.ReadInt32BigEndian(header);
        if (found != magic)
        {
            throw new InputFormatException(path, $"wrong magic number 0x{found:x8}, expected 0x{magic:x8} ({(magic == ImagesMagic ? "IDX images" : "IDX labels")})");
        }
        var dims = new int[dimensions];
        for (int d = 0; d < dimensions; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(header[(4 + 4 * d)..]);
            if (dims[d] < 0) throw new InputFormatException(path, $"dimension {d} is negative ({dims[d]})");
        }
        return dims;
    }

    private static void CheckLength(Stream stream, string path, long expected, string what)
    {
        if (stream.Length < expected) throw new InputFormatException(path, $"truncated: header promises {what} ({expected} bytes) but the file has {stream.Length}");
        if (stream.Length > expected) throw new InputFormatException(path, $"{stream.Length - expected} unexpected bytes after {what}");
    }

    private static void CheckRange(string path, int first, int count, int total, string what)
    {
        if (first < 0 || count < 1 || (long)first + count > total)
        {
            throw new InputFormatException(path, count == 1
                ? $"index {first} is outside 0..{total - 1} ({total} {what})"
                : $"range {first}..{(long)first + count - 1} is outside 0..{total - 1} ({total} {what})");
        }
    }
}

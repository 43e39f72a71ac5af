namespace PiToolkit.Models.Data;

/// <summary>
/// Reads the official binary versions of CIFAR-10 and CIFAR-100 from their extracted folders.
/// CIFAR-10 (cifar-10-batches-bin): data_batch_1..5.bin and test_batch.bin, each record one label
/// byte then 3,072 pixel bytes (1,024 red, 1,024 green, 1,024 blue, row-major 32×32).
/// CIFAR-100 (cifar-100-binary): train.bin and test.bin, each record a coarse label byte, a fine
/// label byte, then the same 3,072 pixel bytes; the fine label (100 classes) is used.
/// </summary>
public static class CifarReader
{
    /// <summary>Pixel bytes per CIFAR image (3×32×32).</summary>
    public const int ImageBytes = 3 * 32 * 32;

    /// <summary>Reads CIFAR-10's training (50,000) or test (10,000) images from <paramref name="folder"/>.</summary>
    /// <exception cref="DatasetFormatException">A file is missing, not a whole number of records, or holds a label ≥ 10.</exception>
    public static ImageSet ReadCifar10(string folder, bool train)
    {
        var files = train ? Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin") : ["test_batch.bin"];
        return ImageSet.Concat(files.Select(f => ReadBatch(Path.Combine(folder, f), labelBytes: 1, classes: 10)).ToList());
    }

    /// <summary>Reads CIFAR-100's training (50,000) or test (10,000) images with fine labels.</summary>
    /// <exception cref="DatasetFormatException">A file is missing, not a whole number of records, or holds a label out of range.</exception>
    public static ImageSet ReadCifar100(string folder, bool train) =>
        ReadBatch(Path.Combine(folder, train ? "train.bin" : "test.bin"), labelBytes: 2, classes: 100);

    /// <summary>Reads one binary batch file whose records are <paramref name="labelBytes"/> label bytes then the image.</summary>
    /// <exception cref="DatasetFormatException">The file is missing, empty, not a whole number of records, or holds a label out of range.</exception>
    public static ImageSet ReadBatch(string path, int labelBytes, int classes)
    {
        if (!File.Exists(path)) throw new DatasetFormatException(path, "file not found (point --data at the extracted CIFAR binary folder)");
        byte[] bytes = File.ReadAllBytes(path);
        int record = labelBytes + ImageBytes;
        if (bytes.Length == 0) throw new DatasetFormatException(path, "file is empty");
        if (bytes.Length % record != 0)
            throw new DatasetFormatException(path, $"{bytes.Length} bytes is not a whole number of {record}-byte records (truncated or not a CIFAR binary file)");
        int count = bytes.Length / record;
        var pixels = new byte[(long)count * ImageBytes];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            int label = bytes[i * record + labelBytes - 1];
            if (labelBytes == 2 && bytes[i * record] >= 20)
                throw new DatasetFormatException(path, $"record {i} has coarse label {bytes[i * record]}, CIFAR-100 has 20 superclasses");
            if (label >= classes)
                throw new DatasetFormatException(path, $"record {i} has label {label}, expected 0..{classes - 1}");
            labels[i] = label;
            bytes.AsSpan(i * record + labelBytes, ImageBytes).CopyTo(pixels.AsSpan(i * ImageBytes));
        }
        return new ImageSet(pixels, labels, 3, 32, 32, classes);
    }
}

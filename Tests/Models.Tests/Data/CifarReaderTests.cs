using PiToolkit.Models.Data;

namespace PiToolkit.Models.Tests.Data;

public sealed class CifarReaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    /// <summary>Records in the official layout: label byte(s) then 1,024 R, 1,024 G, 1,024 B bytes.</summary>
    private static byte[] Records(int count, int labelBytes, Func<int, byte> label, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[count * (labelBytes + 3072)];
        random.NextBytes(bytes);
        for (int i = 0; i < count; i++)
        {
            if (labelBytes == 2) bytes[i * (labelBytes + 3072)] = (byte)(label(i) / 5); // coarse label
            bytes[i * (labelBytes + 3072) + labelBytes - 1] = label(i);
        }
        return bytes;
    }

    [Fact]
    public void CIFAR10_reads_five_training_batches_and_the_test_batch_in_order()
    {
        for (int b = 1; b <= 5; b++) File.WriteAllBytes(_temp.File($"data_batch_{b}.bin"), Records(2, 1, i => (byte)(b + i), b));
        var test = Records(3, 1, i => (byte)i, 9);
        File.WriteAllBytes(_temp.File("test_batch.bin"), test);

        var train = CifarReader.ReadCifar10(_temp.Path, train: true);
        Assert.Equal(10, train.Count);
        Assert.Equal([1, 2, 2, 3, 3, 4, 4, 5, 5, 6], train.Labels);
        var testSet = CifarReader.ReadCifar10(_temp.Path, train: false);
        Assert.Equal((3, 32, 32, 10), (testSet.Channels, testSet.Height, testSet.Width, testSet.Classes));
        Assert.Equal(test.AsSpan(3073 * 2 + 1, 3072).ToArray(), testSet.Pixels.AsSpan(3072 * 2, 3072).ToArray());
    }

    [Fact]
    public void CIFAR100_uses_the_fine_label()
    {
        File.WriteAllBytes(_temp.File("train.bin"), Records(4, 2, i => (byte)(97 + i % 3), 1));
        var set = CifarReader.ReadCifar100(_temp.Path, train: true);
        Assert.Equal([97, 98, 99, 97], set.Labels);
        Assert.Equal(100, set.Classes);
    }

    [Fact]
    public void A_partial_record_is_rejected_as_truncated()
    {
        string path = _temp.File("test_batch.bin");
        File.WriteAllBytes(path, Records(2, 1, _ => 1, 3)[..^10]);
        var error = Assert.Throws<DatasetFormatException>(() => CifarReader.ReadCifar10(_temp.Path, train: false));
        Assert.Equal(path, error.FilePath);
        Assert.Contains("not a whole number", error.Message);
    }

    [Fact]
    public void A_label_out_of_range_is_rejected_with_its_record()
    {
        File.WriteAllBytes(_temp.File("test_batch.bin"), Records(3, 1, i => (byte)(i == 2 ? 10 : 0), 4));
        Assert.Contains("record 2 has label 10", Assert.Throws<DatasetFormatException>(() => CifarReader.ReadCifar10(_temp.Path, train: false)).Message);
    }

    [Fact]
    public void A_missing_batch_is_named()
    {
        File.WriteAllBytes(_temp.File("data_batch_1.bin"), Records(1, 1, _ => 0, 5));
        var error = Assert.Throws<DatasetFormatException>(() => CifarReader.ReadCifar10(_temp.Path, train: true));
        Assert.EndsWith("data_batch_2.bin", error.FilePath);
    }

    [Fact]
    public void An_empty_file_is_rejected()
    {
        File.WriteAllBytes(_temp.File("test.bin"), []);
        Assert.Contains("empty", Assert.Throws<DatasetFormatException>(() => CifarReader.ReadCifar100(_temp.Path, train: false)).Message);
    }

    public void Dispose() => _temp.Dispose();
}

using PiToolkit.Models.Training;
using PiToolkit.Models.Zoo;

namespace PiToolkit.Models.Tests.Training;

public sealed class TrainingJobTests
{
    private static TrainingJobSpec Spec(string output, double rate = 1e-3) =>
        new("mlp", "synthetic", output, new TrainingOptions(Epochs: 3, BatchSize: 64, LearningRate: rate, Seed: 4, Threads: 1), Width: 0.2, TrainLimit: 600, TestLimit: 200);

    [Fact]
    public void An_interrupted_training_run_resumes_to_the_same_model_as_an_uninterrupted_one()
    {
        using var folder = new TempFolder();
        var straight = TrainingJob.Run(Spec(folder.File("straight")));

        string output = folder.File("resumed");
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => TrainingJob.Run(Spec(output), onEpoch: e => { if (e.Epoch == 1) cancel.Cancel(); }, cancellation: cancel.Token));
        Assert.True(File.Exists(Path.Combine(output, TrainingJob.StateFolder, "state.json")));

        var refused = Assert.Throws<ArgumentException>(() => TrainingJob.Run(Spec(output, rate: 1e-2)));
        Assert.Contains("other settings", refused.Message);

        var seen = new List<int>();
        var resumed = TrainingJob.Run(Spec(output), onEpoch: e => seen.Add(e.Epoch));
        Assert.Equal([2, 3], seen);
        Assert.Equal([1, 2, 3], resumed.History.Select(h => h.Epoch));
        Assert.Equal(straight.History.Select(h => h.ValidationAccuracy), resumed.History.Select(h => h.ValidationAccuracy));
        Assert.Equal(straight.WeightsSha256, resumed.WeightsSha256);
        Assert.False(Directory.Exists(Path.Combine(output, TrainingJob.StateFolder)));
    }

    [Fact]
    public void CIFAR_training_with_crop_and_flip_runs_on_files_in_the_official_binary_format()
    {
        using var folder = new TempFolder();
        string data = folder.File("cifar-10-batches-bin");
        Directory.CreateDirectory(data);
        var random = new Random(2);
        // The official layout: per record one label byte, then 1,024 red, 1,024 green and 1,024 blue bytes.
        byte[] Records(int count)
        {
            var bytes = new byte[count * 3073];
            random.NextBytes(bytes);
            for (int r = 0; r < count; r++) bytes[r * 3073] = (byte)(r % 10);
            return bytes;
        }
        for (int b = 1; b <= 5; b++) File.WriteAllBytes(Path.Combine(data, $"data_batch_{b}.bin"), Records(24));
        File.WriteAllBytes(Path.Combine(data, "test_batch.bin"), Records(20));

        var manifest = TrainingJob.Run(new TrainingJobSpec("mlp", "cifar10", folder.File("out"),
            new TrainingOptions(Epochs: 1, BatchSize: 16, Threads: 1, CropPadding: 4, HorizontalFlip: true), data, Width: 0.1, Pooling: PoolingKind.Average));
        Assert.Equal(4, manifest.Training!.CropPadding);
        Assert.True(manifest.Training.HorizontalFlip);
        Assert.Equal([3L, 32, 32], manifest.Model.InputShape);
        Assert.Equal(120 - manifest.Dataset.ValidationCount, manifest.Dataset.TrainCount);
        Assert.Single(manifest.History);
        Assert.Throws<ArgumentException>(() => new TrainingOptions(CropPadding: -1).Validate());
    }
}

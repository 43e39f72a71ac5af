using PiToolkit.Bench.Pipeline;
using PiToolkit.Bench.Sweeps.Running;
using PiToolkit.Models.Training;

namespace PiToolkit.Cli.Tests.Pipeline;

public sealed class DivergenceRetryTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), $"pitk-divergence-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_output)) Directory.Delete(_output, recursive: true);
    }

    [Fact]
    public async Task A_divergence_that_does_not_repeat_is_retried_from_an_empty_output()
    {
        int runs = 0;
        var phases = new List<string>();
        bool leftoverSeen = false;
        void Train()
        {
            runs++;
            leftoverSeen |= File.Exists(Path.Combine(_output, "partial.bin"));
            Directory.CreateDirectory(_output);
            File.WriteAllText(Path.Combine(_output, "partial.bin"), "half an epoch");
            if (runs == 1) throw new TrainingDivergedException(epoch: 1, seen: 6016, threads: 1);
        }

        await DivergenceRetry.RunAsync(_output, Train, phases.Add, CancellationToken.None);

        Assert.Equal(2, runs);
        Assert.False(leftoverSeen);
        Assert.Equal(["retrying: training diverged in epoch 1"], phases);
    }

    [Fact]
    public async Task A_divergence_that_repeats_fails_the_point_with_its_reason()
    {
        int runs = 0;
        var e = await Assert.ThrowsAsync<PointFailedException>(() => DivergenceRetry.RunAsync(_output,
            () => { runs++; throw new TrainingDivergedException(epoch: 2, seen: 128, threads: 1); }, _ => { }, CancellationToken.None));

        Assert.Equal(DivergenceRetry.Attempts, runs);
        Assert.StartsWith($"diverged on {DivergenceRetry.Attempts} tries: training diverged: the loss is not finite at epoch 2 after 128 images", e.Message);
        Assert.IsType<TrainingDivergedException>(e.InnerException);
    }

    [Fact]
    public async Task Other_errors_are_not_retried()
    {
        int runs = 0;
        await Assert.ThrowsAsync<InvalidDataException>(() => DivergenceRetry.RunAsync(_output,
            () => { runs++; throw new InvalidDataException("bad checkpoint"); }, _ => { }, CancellationToken.None));
        Assert.Equal(1, runs);
    }
}

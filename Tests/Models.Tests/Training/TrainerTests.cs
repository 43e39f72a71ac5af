using PiToolkit.Models.Data;
using PiToolkit.Models.Training;
using PiToolkit.Models.Zoo;
using static TorchSharp.torch;

namespace PiToolkit.Models.Tests.Training;

public sealed class TrainerTests
{
    [Fact]
    public void LeNet5_reaches_97_percent_on_the_MNIST_test_set_after_one_short_epoch()
    {
        using var folder = new TempFolder();
        var spec = new TrainingJobSpec("lenet5", "mnist", folder.Path, new TrainingOptions(Epochs: 1, BatchSize: 32, Seed: 1));
        var manifest = TrainingJob.Run(spec);
        Assert.True(manifest.Accuracy.Test >= 0.97, $"test accuracy {manifest.Accuracy.Test:P2} is below 97%");
        Assert.Equal(55_000, manifest.Dataset.TrainCount);
        Assert.Equal(5_000, manifest.Dataset.ValidationCount);
        Assert.Single(manifest.History);
    }

    [Fact]
    public void The_same_seed_trains_to_identical_weights()
    {
        float[] Run()
        {
            Reproducibility.Configure(seed: 3, threads: 1);
            var set = SyntheticImages.Generate(300, 1, 12, 12, 4, seed: 1);
            using var splits = DatasetSplits.Create("synthetic", set, set, 50, seed: 3);
            using var model = ModelZoo.Build(new ModelOptions("mlp", 4, 1, 12, 12, Width: 0.2));
            new Trainer(new TrainingOptions(Epochs: 2, BatchSize: 32, Optimizer: OptimizerKind.Sgd, LearningRate: 0.05, Seed: 3)).Train(model, splits);
            return model.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void A_loss_that_turns_NaN_stops_training_at_that_batch()
    {
        Reproducibility.Configure(seed: 3, threads: 1);
        var set = SyntheticImages.Generate(100, 1, 12, 12, 4, seed: 1);
        using var splits = DatasetSplits.Create("synthetic", set, set, 20, seed: 3);
        using var model = ModelZoo.Build(new ModelOptions("mlp", 4, 1, 12, 12, Width: 0.2));
        int batches = 0;
        LossFunction nanOnThirdBatch = (images, logits, labels) =>
            ++batches == 3 ? logits.sum() * float.NaN : Trainer.CrossEntropy(images, logits, labels);
        var e = Assert.Throws<TrainingDivergedException>(
            () => new Trainer(new TrainingOptions(Epochs: 2, BatchSize: 16, Seed: 3)).Train(model, splits, loss: nanOnThirdBatch));
        Assert.Equal(1, e.Epoch);
        Assert.Equal(32, e.Seen);
        Assert.True(e.Threads >= 1);
        Assert.Equal(3, batches);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(8, true)]
    public void Divergence_advice_suggests_one_thread_only_when_more_were_used(int threads, bool suggested)
    {
        var e = new TrainingDivergedException(epoch: 2, seen: 640, threads: threads);
        Assert.StartsWith("training diverged: the loss is not finite at epoch 2 after 640 images.", e.Message, StringComparison.Ordinal);
        Assert.Equal(suggested, e.Message.Contains("--threads 1", StringComparison.Ordinal));
        Assert.Contains("learning rate", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Training_learns_a_synthetic_task_and_reports_progress_and_history()
    {
        Reproducibility.Configure(seed: 1, threads: 0);
        var train = SyntheticImages.Generate(2000, 1, 28, 28, 10, seed: 1);
        var test = SyntheticImages.Generate(500, 1, 28, 28, 10, seed: 2);
        using var splits = DatasetSplits.Create("synthetic", train, test, 200, seed: 1);
        using var model = ModelZoo.Build(new ModelOptions("lenet5"));
        var reports = new List<TrainingProgress>();
        var history = new Trainer(new TrainingOptions(Epochs: 2, Schedule: ScheduleKind.Step, StepEpochs: 1, StepGamma: 0.5))
            .Train(model, splits, new SynchronousProgress<TrainingProgress>(reports.Add));
        Assert.Equal([1, 2], history.Select(h => h.Epoch));
        Assert.Equal(5e-4, history[1].LearningRate, 12);
        Assert.Contains(reports, r => r.Seen == r.Total);
        Assert.True(Evaluation.Accuracy(model, splits.Test) > 0.9);
    }

    [Theory]
    [InlineData(ScheduleKind.Cosine, 0, 0.1)]
    [InlineData(ScheduleKind.Cosine, 2, 0.05)]
    [InlineData(ScheduleKind.Step, 3, 0.01)]
    [InlineData(ScheduleKind.Constant, 3, 0.1)]
    public void Schedules_follow_their_formulas(ScheduleKind schedule, int epoch, double expected)
    {
        var trainer = new Trainer(new TrainingOptions(Epochs: 4, LearningRate: 0.1, Schedule: schedule, StepEpochs: 3, StepGamma: 0.1));
        Assert.Equal(expected, trainer.LearningRateAt(epoch), 12);
    }

    [Fact]
    public void A_cancelled_run_stops_before_the_next_batch()
    {
        var set = SyntheticImages.Generate(100, 1, 28, 28, 10, seed: 1);
        using var splits = DatasetSplits.Create("synthetic", set, set, 10, seed: 1);
        using var model = ModelZoo.Build(new ModelOptions("mlp"));
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => new Trainer(new TrainingOptions()).Train(model, splits, cancellation: cancel.Token));
    }

    [Fact]
    public void Invalid_options_are_rejected_with_their_name()
    {
        Assert.Contains("epochs", Assert.Throws<ArgumentException>(() => new Trainer(new TrainingOptions(Epochs: 0))).Message);
        Assert.Contains("momentum", Assert.Throws<ArgumentException>(() => new Trainer(new TrainingOptions(Momentum: 1.5))).Message);
    }

    /// <summary>Progress that reports on the calling thread (System.Progress posts to the thread pool).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}

using PiToolkit.Linearize.Masks;
using PiToolkit.Models.Training;

namespace PiToolkit.Linearize.Tests;

/// <summary>The finetuner on <see cref="KnownAnswerProblem"/> with only relu(h) kept: a linear readout can recover |h| = 2·relu(h) − h.</summary>
public sealed class FinetunerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pitk-finetune-").FullName;

    private static KnownAnswerProblem Damaged()
    {
        var problem = new KnownAnswerProblem();
        var keep = SiteMasks.EntriesPerSite(problem.Student, MaskGranularity.Pixel).Select(n => new bool[n]).ToArray();
        keep[1][7] = true;
        SiteMasks.ApplyBinary(problem.Student, MaskGranularity.Pixel, keep);
        return problem;
    }

    private static readonly FinetuneOptions Options = new(Epochs: 3, LearningRate: 0.001, BatchSize: 64);

    private static float[] Weights(KnownAnswerProblem problem) => problem.Student.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();

    [Fact]
    public void Finetuning_recovers_accuracy_keeps_the_masks_frozen_and_returns_the_best_validation_epoch()
    {
        Reproducibility.Configure(seed: 1, threads: 1);
        using var problem = Damaged();
        double before = Evaluation.Accuracy(problem.Student, problem.Splits.Validation);
        Assert.InRange(before, 0.6, 0.9);
        var masks = problem.Student.ReluSites().Select(s => s.Site.Mask!.data<float>().ToArray()).ToList();

        var history = Finetuner.Run(problem.Student, problem.Teacher, problem.Splits, Options, seed: 1);

        Assert.Equal([1, 2, 3], history.Select(h => h.Epoch));
        double after = Evaluation.Accuracy(problem.Student, problem.Splits.Validation);
        Assert.True(after > before + 0.05, $"validation accuracy {before:P1} → {after:P1}");
        Assert.Equal(history.Max(h => h.ValidationAccuracy), after, 9);
        Assert.Equal(masks, problem.Student.ReluSites().Select(s => s.Site.Mask!.data<float>().ToArray()).ToList());
    }

    [Fact]
    public void An_interrupted_finetuning_resumes_to_the_same_weights_as_an_uninterrupted_one()
    {
        var settings = new Dictionary<string, string> { ["case"] = "resume" };
        Reproducibility.Configure(seed: 1, threads: 1);
        using var straight = Damaged();
        var expectedHistory = Finetuner.Run(straight.Student, straight.Teacher, straight.Splits, Options, seed: 1);

        Reproducibility.Configure(seed: 1, threads: 1);
        using var interrupted = Damaged();
        string state = Path.Combine(_folder, "state");
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => Finetuner.Run(interrupted.Student, interrupted.Teacher, interrupted.Splits, Options, seed: 1,
            onEpoch: e => { if (e.Epoch == 1) cancel.Cancel(); }, cancellation: cancel.Token, stateFolder: state, settings: settings));
        Assert.True(File.Exists(Path.Combine(state, "state.json")));

        using var resumed = Damaged();
        var seen = new List<int>();
        var history = Finetuner.Run(resumed.Student, resumed.Teacher, resumed.Splits, Options, seed: 1, onEpoch: e => seen.Add(e.Epoch),
            stateFolder: state, settings: settings);
        Assert.Equal([2, 3], seen);
        Assert.Equal(expectedHistory.Select(h => h.ValidationAccuracy), history.Select(h => h.ValidationAccuracy));
        Assert.Equal(Weights(straight), Weights(resumed));

        Assert.Throws<ArgumentException>(() => Finetuner.Run(resumed.Student, resumed.Teacher, resumed.Splits, Options, seed: 1,
            stateFolder: state, settings: new Dictionary<string, string> { ["case"] = "other" }));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

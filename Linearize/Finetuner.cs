using System.Globalization;
using PiToolkit.Models.Data;
using PiToolkit.Models.Training;
using PiToolkit.Models.Zoo;
using static TorchSharp.torch;

namespace PiToolkit.Linearize;

/// <summary>
/// Finetunes the weights of a model whose masks are frozen, on cross-entropy + distillation from the
/// original, and keeps the epoch with the best validation accuracy (the test set is never looked at).
/// </summary>
public static class Finetuner
{
    /// <summary>
    /// Runs <paramref name="options"/>.Epochs epochs; on return <paramref name="student"/> holds the
    /// best epoch's weights. With <paramref name="stateFolder"/> every epoch is committed (weights,
    /// optimiser, best epoch and history) and a later call with the same folder and
    /// <paramref name="settings"/> continues after the last committed epoch.
    /// </summary>
    /// <exception cref="ArgumentException">Bad options, or the state folder holds a run with other settings.</exception>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static IReadOnlyList<EpochSummary> Run(ZooModel student, nn.Module<Tensor, Tensor> teacher, DatasetSplits splits,
        FinetuneOptions options, int seed, IProgress<TrainingProgress>? progress = null, Action<EpochSummary>? onEpoch = null,
        CancellationToken cancellation = default, string? stateFolder = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(options);
        settings ??= new Dictionary<string, string>();
        var trainer = new Trainer(new TrainingOptions(Epochs: options.Epochs, BatchSize: options.BatchSize, Optimizer: OptimizerKind.Sgd,
            LearningRate: options.LearningRate, Momentum: options.Momentum, WeightDecay: options.WeightDecay, Schedule: ScheduleKind.Cosine, Seed: seed));
        var store = stateFolder is null ? null : new EpochStateStore<FinetuneState>(stateFolder);
        string BestPath(int epoch) => Path.Combine(stateFolder!, string.Create(CultureInfo.InvariantCulture, $"best-{epoch}.weights"));
        var history = new List<EpochSummary>();
        double best = double.NegativeInfinity;
        int bestEpoch = 0, done = 0;
        if (store?.TryLoad(student, settings) is var (epoch, saved))
        {
            (best, bestEpoch, done) = (saved.BestValidation, saved.BestEpoch, epoch);
            history.AddRange(saved.History);
        }
        Dictionary<string, Tensor>? bestState = null;
        try
        {
            trainer.Train(student, splits, progress, summary =>
            {
                history.Add(summary);
                if (summary.ValidationAccuracy > best)
                {
                    (best, bestEpoch) = (summary.ValidationAccuracy, summary.Epoch);
                    DisposeAll(bestState);
                    bestState = student.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
                    if (store is not null)
                    {
                        Directory.CreateDirectory(stateFolder!);
                        student.save(BestPath(bestEpoch));
                    }
                }
                if (store is not null)
                {
                    store.Save(student, summary.Epoch, settings, new FinetuneState(bestEpoch, best, history.ToList()));
                    // Older best weights go only once the state naming the new ones is committed.
                    foreach (string file in Directory.EnumerateFiles(stateFolder!, "best-*.weights"))
                        if (file != BestPath(bestEpoch)) File.Delete(file);
                }
                onEpoch?.Invoke(summary);
                return true;
            }, cancellation, Distillation.Objective(teacher, options.Temperature), store?.Resume(done));
            if (bestState is not null) student.load_state_dict(bestState);
            else if (store is not null && bestEpoch > 0) student.load(BestPath(bestEpoch), strict: true);
            return history;
        }
        finally
        {
            DisposeAll(bestState);
        }
    }

    private static void DisposeAll(Dictionary<string, Tensor>? state)
    {
        if (state is null) return;
        foreach (var t in state.Values) t.Dispose();
    }
}

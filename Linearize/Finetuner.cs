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
    /// <summary>Runs the finetuning; on return <paramref name="student"/> holds the best epoch's weights.</summary>
    public static IReadOnlyList<EpochSummary> Run(ZooModel student, nn.Module<Tensor, Tensor> teacher, DatasetSplits splits,
        FinetuneOptions options, int seed, IProgress<TrainingProgress>? progress = null, Action<EpochSummary>? onEpoch = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(options);
        var trainer = new Trainer(new TrainingOptions(Epochs: options.Epochs, BatchSize: options.BatchSize, Optimizer: OptimizerKind.Sgd,
            LearningRate: options.LearningRate, Momentum: options.Momentum, WeightDecay: options.WeightDecay, Schedule: ScheduleKind.Cosine, Seed: seed));
        double best = double.NegativeInfinity;
        Dictionary<string, Tensor>? bestState = null;
        try
        {
            var history = trainer.Train(student, splits, progress, summary =>
            {
                if (summary.ValidationAccuracy > best)
                {
                    best = summary.ValidationAccuracy;
                    DisposeAll(bestState);
                    bestState = student.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
                }
                onEpoch?.Invoke(summary);
                return true;
            }, cancellation, Distillation.Objective(teacher, options.Temperature));
            if (bestState is not null) student.load_state_dict(bestState);
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

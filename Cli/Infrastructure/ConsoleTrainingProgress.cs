using System.Globalization;
using PiToolkit.Models.Training;

namespace PiToolkit.Cli.Infrastructure;

/// <summary>Prints training progress as periodic lines (they survive logs and CI, unlike a redrawn bar).</summary>
public sealed class ConsoleTrainingProgress(TextWriter output) : IProgress<TrainingProgress>
{
    /// <inheritdoc />
    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  epoch {value.Epoch}/{value.Epochs}  {value.Seen,6}/{value.Total}  {value.ImagesPerSecond,6:F0} img/s  loss {value.Loss:F4}  acc {value.Accuracy:P2}"));
    }

    /// <summary>Prints an epoch's summary line.</summary>
    public void Epoch(EpochSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch {summary.Epoch}: lr {summary.LearningRate:G3}  train loss {summary.TrainLoss:F4}  train acc {summary.TrainAccuracy:P2}  validation acc {summary.ValidationAccuracy:P2}  ({summary.Seconds:F1} s)"));
    }
}

namespace PiToolkit.Models.Training;

/// <summary>What one finished epoch achieved.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="LearningRate">Learning rate used during the epoch.</param>
/// <param name="TrainLoss">Mean training loss.</param>
/// <param name="TrainAccuracy">Training accuracy (0..1), measured while training.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation split after the epoch (0..1).</param>
/// <param name="Seconds">Wall time of the epoch including validation.</param>
public sealed record EpochSummary(int Epoch, double LearningRate, double TrainLoss, double TrainAccuracy, double ValidationAccuracy, double Seconds);

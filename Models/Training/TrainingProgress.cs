namespace PiToolkit.Models.Training;

/// <summary>A progress report during an epoch.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Epochs">Epochs in the run.</param>
/// <param name="Seen">Images processed so far this epoch.</param>
/// <param name="Total">Images in an epoch.</param>
/// <param name="ImagesPerSecond">Throughput so far this epoch.</param>
/// <param name="Loss">Mean training loss so far this epoch.</param>
/// <param name="Accuracy">Training accuracy so far this epoch (0..1).</param>
public sealed record TrainingProgress(int Epoch, int Epochs, int Seen, int Total, double ImagesPerSecond, double Loss, double Accuracy);

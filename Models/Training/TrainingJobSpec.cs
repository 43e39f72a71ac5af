using PiToolkit.Models.Zoo;

namespace PiToolkit.Models.Training;

/// <summary>What to train and where to save it.</summary>
/// <param name="Architecture">Zoo name.</param>
/// <param name="Dataset">Catalog name.</param>
/// <param name="Output">Checkpoint folder.</param>
/// <param name="Training">Hyperparameters.</param>
/// <param name="DataFolder">Dataset folder (required for CIFAR, optional override for MNIST).</param>
/// <param name="Width">Width multiplier.</param>
/// <param name="Pooling">Max or average pooling.</param>
/// <param name="ValidationCount">Validation images (null: the catalog default).</param>
/// <param name="TrainLimit">Train on only this many images (quick runs and tests).</param>
/// <param name="TestLimit">Test on only this many images (quick runs and tests).</param>
/// <param name="BatchNorm">A batch norm after each convolution (<see cref="ModelOptions.BatchNorm"/>).</param>
public sealed record TrainingJobSpec(
    string Architecture, string Dataset, string Output, TrainingOptions Training,
    string? DataFolder = null, double Width = 1.0, PoolingKind Pooling = PoolingKind.Max,
    int? ValidationCount = null, int? TrainLimit = null, int? TestLimit = null, bool BatchNorm = false);

namespace PiToolkit.Models.Training;

/// <summary>Hyperparameters of a supervised training run; recorded in the checkpoint manifest.</summary>
/// <param name="Epochs">Passes over the training split.</param>
/// <param name="BatchSize">Images per step.</param>
/// <param name="Optimizer">SGD with momentum or Adam.</param>
/// <param name="LearningRate">Initial learning rate.</param>
/// <param name="Momentum">SGD momentum (ignored by Adam).</param>
/// <param name="WeightDecay">L2 weight decay.</param>
/// <param name="Schedule">Learning-rate schedule.</param>
/// <param name="StepEpochs">Epochs between decays for the step schedule.</param>
/// <param name="StepGamma">Decay factor for the step schedule.</param>
/// <param name="Seed">Seed of weight initialisation and shuffling.</param>
/// <param name="Threads">Intra-op threads for libtorch (0 = libtorch's default).</param>
/// <param name="CropPadding">Random-crop augmentation: pad each training image by this many pixels and cut a random window of the original size (0 = off; 4 is CIFAR's usual).</param>
/// <param name="HorizontalFlip">Mirror each training image left–right with probability ½.</param>
public sealed record TrainingOptions(
    int Epochs = 3,
    int BatchSize = 64,
    OptimizerKind Optimizer = OptimizerKind.Adam,
    double LearningRate = 1e-3,
    double Momentum = 0.9,
    double WeightDecay = 0,
    ScheduleKind Schedule = ScheduleKind.Cosine,
    int StepEpochs = 10,
    double StepGamma = 0.1,
    int Seed = 1,
    int Threads = 0,
    int CropPadding = 0,
    bool HorizontalFlip = false)
{
    /// <summary>Checks every value is usable.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentException($"epochs must be at least 1 (got {Epochs})", nameof(Epochs));
        if (BatchSize < 1) throw new ArgumentException($"batch size must be at least 1 (got {BatchSize})", nameof(BatchSize));
        if (!(LearningRate > 0)) throw new ArgumentException($"learning rate must be positive (got {LearningRate})", nameof(LearningRate));
        if (Momentum < 0 || Momentum >= 1) throw new ArgumentException($"momentum must be in [0, 1) (got {Momentum})", nameof(Momentum));
        if (WeightDecay < 0) throw new ArgumentException($"weight decay must not be negative (got {WeightDecay})", nameof(WeightDecay));
        if (StepEpochs < 1) throw new ArgumentException($"step epochs must be at least 1 (got {StepEpochs})", nameof(StepEpochs));
        if (!(StepGamma > 0) || StepGamma > 1) throw new ArgumentException($"step gamma must be in (0, 1] (got {StepGamma})", nameof(StepGamma));
        if (Threads < 0) throw new ArgumentException($"threads must not be negative (got {Threads})", nameof(Threads));
        if (CropPadding < 0) throw new ArgumentException($"crop padding must not be negative (got {CropPadding})", nameof(CropPadding));
    }
}

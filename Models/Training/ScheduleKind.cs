namespace PiToolkit.Models.Training;

/// <summary>Learning-rate schedules, stepped once per epoch.</summary>
public enum ScheduleKind
{
    /// <summary>Constant learning rate.</summary>
    Constant,
    /// <summary>Cosine annealing from the initial rate to zero over the run.</summary>
    Cosine,
    /// <summary>Multiply by <see cref="TrainingOptions.StepGamma"/> every <see cref="TrainingOptions.StepEpochs"/> epochs.</summary>
    Step,
}

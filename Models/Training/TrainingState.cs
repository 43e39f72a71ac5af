namespace PiToolkit.Models.Training;

/// <summary>What <c>pitk train</c> commits after every epoch (beside weights and optimiser state) so an interrupted run can continue.</summary>
/// <param name="History">Finished epochs.</param>
public sealed record TrainingState(IReadOnlyList<EpochSummary> History);

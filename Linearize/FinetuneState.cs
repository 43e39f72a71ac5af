using PiToolkit.Models.Training;

namespace PiToolkit.Linearize;

/// <summary>What finetuning commits after every epoch so an interrupted run can continue.</summary>
/// <param name="BestEpoch">Epoch with the best validation accuracy so far (its weights are <c>best-E.weights</c> in the state folder).</param>
/// <param name="BestValidation">That accuracy.</param>
/// <param name="History">Finished epochs.</param>
public sealed record FinetuneState(int BestEpoch, double BestValidation, IReadOnlyList<EpochSummary> History);

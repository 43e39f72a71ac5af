using PiToolkit.Models.Checkpoints;

namespace PiToolkit.Linearize.Snl;

/// <summary>What SNL's mask phase commits after every epoch (beside weights, masks and optimiser state) so an interrupted run can continue.</summary>
/// <param name="Lambda">λ for the next epoch.</param>
/// <param name="Fewest">Fewest alive ReLUs seen so far.</param>
/// <param name="Finished">The alive count reached the budget, or the epoch cap was hit.</param>
/// <param name="History">Per-epoch λ and alive counts so far.</param>
public sealed record SnlState(double Lambda, long Fewest, bool Finished, IReadOnlyList<MaskEpoch> History);

using PiToolkit.Models.Checkpoints;

namespace PiToolkit.Linearize.Snl;

/// <summary>What SNL's mask phase saves after every epoch so an interrupted run can continue.</summary>
/// <param name="Epoch">Last finished mask epoch.</param>
/// <param name="Lambda">λ for the next epoch.</param>
/// <param name="Fewest">Fewest alive ReLUs seen so far.</param>
/// <param name="Finished">The alive count reached the budget (or the epoch limit was hit).</param>
/// <param name="Budget">Budget of the run, checked on resume.</param>
/// <param name="Granularity">Mask granularity of the run, checked on resume.</param>
/// <param name="Seed">Seed of the run, checked on resume.</param>
/// <param name="History">Per-epoch λ and alive counts so far.</param>
public sealed record SnlState(int Epoch, double Lambda, long Fewest, bool Finished, long Budget, string Granularity, int Seed, IReadOnlyList<MaskEpoch> History);

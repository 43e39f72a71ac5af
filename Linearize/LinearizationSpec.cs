using PiToolkit.Linearize.Masks;
using PiToolkit.Linearize.Snl;

namespace PiToolkit.Linearize;

/// <summary>What to linearize, how, and where to save the result.</summary>
/// <param name="Checkpoint">Trained checkpoint to start from.</param>
/// <param name="Output">Checkpoint folder to write.</param>
/// <param name="Budget">ReLUs to keep.</param>
/// <param name="Method">SNL or a baseline.</param>
/// <param name="Granularity">Pixel or channel masks.</param>
/// <param name="Snl">SNL mask-phase settings (ignored by the baselines).</param>
/// <param name="Finetune">Finetuning settings (the same for every method).</param>
/// <param name="Seed">Seed of shuffling and random choices.</param>
/// <param name="Threads">libtorch threads (0 = default).</param>
/// <param name="DataFolder">Dataset folder, as for training.</param>
/// <param name="TrainLimit">Train on only this many images (quick runs and tests).</param>
public sealed record LinearizationSpec(
    string Checkpoint, string Output, ReluBudget Budget,
    LinearizationMethod Method = LinearizationMethod.Snl, MaskGranularity Granularity = MaskGranularity.Pixel,
    SnlOptions? Snl = null, FinetuneOptions? Finetune = null, int Seed = 1, int Threads = 0,
    string? DataFolder = null, int? TrainLimit = null);

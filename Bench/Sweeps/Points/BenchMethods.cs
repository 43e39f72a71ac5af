namespace PiToolkit.Bench.Sweeps.Points;

/// <summary>The method names <c>pitk bench pi</c> accepts, so that a typo fails before hours of training.</summary>
/// <remarks>
/// A method is a name here and nothing more: what it does is up to the <see cref="Running.IVariantBuilder"/>
/// plugged in for it. New pruning methods (issue 12) add their names to this list.
/// </remarks>
public static class BenchMethods
{
    /// <summary>Sparse Nonlinear Layers (Cho et al. 2022): learned ReLU masks.</summary>
    public const string Snl = "snl";
    /// <summary>Random ReLU masks at the budget (baseline).</summary>
    public const string Random = "random";
    /// <summary>Whole ReLU layers removed until the budget is met (baseline).</summary>
    public const string Layerwise = "layerwise";
    /// <summary>Structured channel pruning ranked by first-order Taylor importance, to the ReLU budget.</summary>
    public const string PruneChannelTaylor = "prune-channel-taylor";
    /// <summary>Channel pruning followed by SNL to the budget.</summary>
    public const string PruneThenSnl = "prune+snl";

    /// <summary>Every accepted name, in the order plots and tables list them.</summary>
    public static IReadOnlyList<string> Known { get; } = [Snl, Random, Layerwise, PruneChannelTaylor, PruneThenSnl];
}

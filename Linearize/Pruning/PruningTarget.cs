using System.Globalization;
using PiToolkit.Models.Census;

namespace PiToolkit.Linearize.Pruning;

/// <summary>What pruning aims for: a sparsity in [0, 1) or a budget of parameters, MACs or ReLUs.</summary>
/// <param name="Kind">What is constrained.</param>
/// <param name="Value">The sparsity fraction, or the budget.</param>
public sealed record PruningTarget(PruningTargetKind Kind, double Value)
{
    /// <summary>Checks the value fits the kind.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A sparsity outside [0, 1) or a negative budget.</exception>
    public void Validate()
    {
        if (Kind == PruningTargetKind.Sparsity ? !(Value >= 0 && Value < 1) : !(Value >= 0))
            throw new ArgumentOutOfRangeException(nameof(Value), Value, Kind == PruningTargetKind.Sparsity
                ? $"sparsity must be in [0%, 100%) (got {Value.ToString("P1", CultureInfo.InvariantCulture)})"
                : $"a {Kind.ToString().ToLowerInvariant()} budget must not be negative (got {Value})");
    }

    /// <summary>
    /// The intermediate target after <paramref name="progress"/> (0..1] of the way from the dense
    /// model, whose cost in this target's unit is <paramref name="dense"/>: a sparsity scales
    /// linearly, a budget moves linearly from the dense cost down to the budget.
    /// </summary>
    public PruningTarget At(double progress, double dense) => progress >= 1 ? this : Kind == PruningTargetKind.Sparsity
        ? this with { Value = Value * progress }
        : this with { Value = Math.Max(Value, dense - (dense - Value) * progress) };

    /// <summary>
    /// The target of round <paramref name="round"/> of <paramref name="rounds"/> for iterative schedules: a sparsity
    /// removes the same fraction of what is left in each round, 1 − (1 − s)^(r/R); a budget moves linearly.
    /// </summary>
    public PruningTarget Round(int round, int rounds, double dense) => Kind == PruningTargetKind.Sparsity
        ? this with { Value = round >= rounds ? Value : 1 - Math.Pow(1 - Value, (double)round / rounds) }
        : At((double)round / rounds, dense);

    /// <summary>The value of <paramref name="cost"/> a budget of this kind constrains.</summary>
    /// <exception cref="InvalidOperationException">This target is a sparsity, not a budget.</exception>
    public double Measure(ModelCost cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        return Kind switch
        {
            PruningTargetKind.Parameters => cost.Parameters,
            PruningTargetKind.Macs => cost.Macs,
            PruningTargetKind.Relus => cost.Relus,
            _ => throw new InvalidOperationException("a sparsity target constrains no cost"),
        };
    }

    /// <inheritdoc />
    public override string ToString() => Kind == PruningTargetKind.Sparsity
        ? Value.ToString("P1", CultureInfo.InvariantCulture) + " sparsity"
        : Value.ToString("N0", CultureInfo.InvariantCulture) + " " + Kind.ToString().ToLowerInvariant();
}

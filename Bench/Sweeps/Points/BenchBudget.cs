using System.Globalization;
using System.Text.Json.Serialization;

namespace PiToolkit.Bench.Sweeps.Points;

/// <summary>
/// The ReLU budget of a benchmark point: a number of ReLUs to keep, or <see cref="All"/> (the model as
/// trained, nothing linearized). Written as the number or the word <c>all</c> in every file, so the
/// command line, the CSV and the JSON spell a budget the same way.
/// </summary>
[JsonConverter(typeof(BenchBudgetJsonConverter))]
public readonly record struct BenchBudget : IComparable<BenchBudget>
{
    private BenchBudget(long? relus) => Relus = relus;

    /// <summary>Every ReLU kept.</summary>
    public static BenchBudget All { get; } = new(null);

    /// <summary>ReLUs to keep, or null for <see cref="All"/>.</summary>
    public long? Relus { get; }

    /// <summary>Whether this is <see cref="All"/>.</summary>
    public bool IsAll => Relus is null;

    /// <summary>A budget of <paramref name="relus"/> ReLUs (0 linearizes every ReLU site).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="relus"/> is negative.</exception>
    public static BenchBudget Of(long relus)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(relus);
        return new BenchBudget(relus);
    }

    /// <summary>Parses a non-negative whole number or <c>all</c>.</summary>
    /// <exception cref="FormatException"><paramref name="text"/> is neither.</exception>
    public static BenchBudget Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        if (trimmed.Equals("all", StringComparison.OrdinalIgnoreCase)) return All;
        if (long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out long relus)) return new BenchBudget(relus);
        throw new FormatException($"budget '{text}' is neither a non-negative ReLU count nor 'all'");
    }

    /// <summary>Orders numeric budgets ascending with <see cref="All"/> last (the largest budget).</summary>
    public int CompareTo(BenchBudget other) => (IsAll, other.IsAll) switch
    {
        (true, true) => 0,
        (true, false) => 1,
        (false, true) => -1,
        _ => Relus!.Value.CompareTo(other.Relus!.Value),
    };

    /// <summary>The number, or <c>all</c>.</summary>
    public override string ToString() => Relus?.ToString(CultureInfo.InvariantCulture) ?? "all";
}

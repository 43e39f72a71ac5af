using System.Globalization;

namespace PiToolkit.Linearize;

/// <summary>A ReLU budget given as a count ("500") or a fraction of the model's ReLUs ("0.1", "10%").</summary>
/// <param name="Count">Absolute count, when given as one.</param>
/// <param name="Fraction">Fraction in (0, 1], when given as one.</param>
public sealed record ReluBudget(long? Count, double? Fraction)
{
    /// <summary>Parses "500", "0.1" or "10%".</summary>
    /// <exception cref="FormatException">Not a positive count or a fraction in (0, 1].</exception>
    public static ReluBudget Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        if (t.EndsWith('%') && double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double percent) && percent > 0 && percent <= 100)
            return new ReluBudget(null, percent / 100);
        if (long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out long count) && count > 0)
            return new ReluBudget(count, null);
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double fraction) && fraction > 0 && fraction < 1)
            return new ReluBudget(null, fraction);
        throw new FormatException($"budget '{text}' is neither a positive ReLU count (500), a fraction (0.1) nor a percentage (10%)");
    }

    /// <summary>The budget in ReLUs for a model with <paramref name="capacity"/> ReLUs.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count exceeds the capacity.</exception>
    public long Resolve(long capacity)
    {
        long budget = Count ?? (long)Math.Round(Fraction!.Value * capacity);
        if (budget > capacity)
            throw new ArgumentOutOfRangeException(nameof(capacity), $"budget {budget:N0} exceeds the model's {capacity:N0} ReLUs");
        return budget;
    }

    /// <inheritdoc />
    public override string ToString() => Count?.ToString(CultureInfo.InvariantCulture) ?? Fraction!.Value.ToString("P1", CultureInfo.InvariantCulture);
}

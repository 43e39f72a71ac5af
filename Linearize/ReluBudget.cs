using System.Globalization;

namespace PiToolkit.Linearize;

/// <summary>
/// A ReLU budget given as a count ("500"), a fraction of the model's ReLUs ("0.1") or a percentage
/// ("10%"). Zero in any form is a budget: the fully linear model, the control every sweep needs.
/// </summary>
/// <param name="Count">Absolute count, when given as one.</param>
/// <param name="Fraction">Fraction in [0, 1], when given as one.</param>
public sealed record ReluBudget(long? Count, double? Fraction)
{
    /// <summary>How a budget is written, for help texts and error messages.</summary>
    public const string Syntax = "a ReLU count (500), a fraction (0.1) or a percentage (10%); 0 is the fully linear model";

    /// <summary>Parses "500", "0.1" or "10%" (and "0", "0%").</summary>
    /// <exception cref="FormatException">Not a whole count ≥ 0, a fraction in [0, 1) or a percentage in [0, 100].</exception>
    public static ReluBudget Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        if (t.EndsWith('%') && double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double percent) && percent >= 0 && percent <= 100)
            return new ReluBudget(null, percent / 100);
        if (long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out long count))
            return new ReluBudget(count, null);
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double fraction) && fraction >= 0 && fraction < 1)
            return new ReluBudget(null, fraction);
        throw new FormatException($"budget '{text}' is not {Syntax}");
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

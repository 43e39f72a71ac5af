using System.Globalization;
using PiToolkit.Bench.Sweeps.Points;

namespace PiToolkit.Bench.Sweeps.Running;

/// <summary>
/// Parses the comma-separated lists of <c>pitk bench pi</c> (<c>--methods</c>, <c>--budgets</c>,
/// <c>--seeds</c>), so that a typo fails at once with one line naming it, not hours into a run.
/// </summary>
public static class BenchArguments
{
    /// <summary>Parses method names, each one of <see cref="BenchMethods.Known"/>, no repeats.</summary>
    /// <exception cref="ArgumentException">Empty, unknown or repeated; <see cref="ArgumentException.ParamName"/> is <paramref name="option"/>.</exception>
    public static IReadOnlyList<string> ParseMethods(string text, string option = "--methods") =>
        Parse(text, option, item => BenchMethods.Known.Contains(item)
            ? item
            : throw new ArgumentException($"{option}: '{item}' is not a method ({string.Join(", ", BenchMethods.Known)})", option));

    /// <summary>Parses budgets: non-negative ReLU counts or <c>all</c>, no repeats.</summary>
    /// <exception cref="ArgumentException">Empty, malformed or repeated.</exception>
    public static IReadOnlyList<BenchBudget> ParseBudgets(string text, string option = "--budgets") =>
        Parse(text, option, item =>
        {
            try
            {
                return BenchBudget.Parse(item);
            }
            catch (FormatException)
            {
                throw new ArgumentException($"{option}: '{item}' is neither a ReLU count (0 or more) nor 'all'", option);
            }
        });

    /// <summary>Parses seeds: positive whole numbers, no repeats.</summary>
    /// <exception cref="ArgumentException">Empty, malformed or repeated.</exception>
    public static IReadOnlyList<int> ParseSeeds(string text, string option = "--seeds") =>
        Parse(text, option, item => int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out int seed) && seed > 0
            ? seed
            : throw new ArgumentException($"{option}: '{item}' is not a positive whole number", option));

    private static List<T> Parse<T>(string text, string option, Func<string, T> parse) where T : notnull
    {
        ArgumentNullException.ThrowIfNull(text);
        var items = text.Split(',', StringSplitOptions.TrimEntries);
        if (items.Length == 0 || items.All(i => i.Length == 0))
            throw new ArgumentException($"{option}: empty list", option);
        if (items.Any(i => i.Length == 0))
            throw new ArgumentException($"{option}: empty item in '{text}'", option);
        var values = items.Select(parse).ToList();
        // A repeated value would run the same point twice and count it twice in every mean.
        if (values.GroupBy(v => v).FirstOrDefault(g => g.Count() > 1) is { } repeated)
            throw new ArgumentException($"{option}: {repeated.Key} is listed twice", option);
        return values;
    }
}

using System.Globalization;

namespace PiToolkit.Bench.Sweeps.CostModel;

/// <summary>
/// Reads the configurations to price from a CSV file. The header is <see cref="Header"/> (the cost
/// model's term names), optionally followed by <see cref="PublishedHeader"/> to put a paper's figures
/// next to each prediction; a row may leave published cells empty.
/// </summary>
public static class UnmeasuredConfigurationsCsv
{
    /// <summary>The columns every file has.</summary>
    public const string Header = "name,relus,and_gates,he_multiply_plain,he_rotations,layers";

    /// <summary>The optional columns of published figures (milliseconds and bytes per inference).</summary>
    public const string PublishedHeader = "published_source,published_offline_ms,published_online_ms,published_offline_bytes,published_online_bytes";

    /// <summary>One row of <see cref="Header"/>'s columns (e.g. the counts of <c>pitk pi plan</c>), to append to such a file.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or holds a comma or a line break.</exception>
    public static string FormatRow(string name, CostFeatures features)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(features);
        if (name.Trim().Length == 0 || name.IndexOfAny([',', '\r', '\n']) >= 0)
            throw new ArgumentException($"a configuration name must be non-empty, without commas or line breaks: '{name}'", nameof(name));
        return string.Create(CultureInfo.InvariantCulture,
            $"{name.Trim()},{features.Relus},{features.AndGates},{features.HeMultiplyPlain},{features.HeRotations},{features.Layers}");
    }

    /// <summary>Parses the file's text.</summary>
    /// <exception cref="FormatException">The header or a row is wrong; the message names the line.</exception>
    public static IReadOnlyList<UnmeasuredConfiguration> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        string header = lines[0].Trim();
        bool published = header == Header + "," + PublishedHeader;
        if (header != Header && !published)
            throw new FormatException($"the first line must be '{Header}', optionally followed by ',{PublishedHeader}'");
        var names = header.Split(',');
        var result = new List<UnmeasuredConfiguration>();
        for (int i = 1; i < lines.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            var cells = lines[i].Split(',').Select(c => c.Trim()).ToArray();
            if (cells.Length != names.Length || cells[0].Length == 0)
                throw new FormatException($"line {i + 1}: expected {names.Length} cells ({header}), with a name");
            long Count(int column) =>
                long.TryParse(cells[column], NumberStyles.None, CultureInfo.InvariantCulture, out long value) ? value
                : throw new FormatException($"line {i + 1}: {names[column]} '{cells[column]}' is not a non-negative whole number");
            double? Figure(int column) =>
                cells[column].Length == 0 ? null
                : double.TryParse(cells[column], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value >= 0 && double.IsFinite(value) ? value
                : throw new FormatException($"line {i + 1}: {names[column]} '{cells[column]}' is not a non-negative number");
            long layers = Count(5);
            if (layers > int.MaxValue) throw new FormatException($"line {i + 1}: {layers} layers is not plausible");
            PublishedCosts? figures = null;
            if (published && cells[6..].Any(c => c.Length > 0))
            {
                if (cells[6].Length == 0) throw new FormatException($"line {i + 1}: published figures need a published_source");
                figures = new PublishedCosts(cells[6], Figure(7), Figure(8), Figure(9), Figure(10));
            }
            result.Add(new UnmeasuredConfiguration(cells[0], new CostFeatures(Count(1), Count(2), Count(3), Count(4), (int)layers), figures));
        }
        return result;
    }
}

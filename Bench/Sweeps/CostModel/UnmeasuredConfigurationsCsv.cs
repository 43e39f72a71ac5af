using System.Globalization;

namespace PiToolkit.Bench.Sweeps.CostModel;

/// <summary>
/// Reads the configurations to price from a CSV file with the header
/// <c>name,relus,and_gates,he_multiply_plain,he_rotations,layers</c> (the cost model's term names).
/// </summary>
public static class UnmeasuredConfigurationsCsv
{
    /// <summary>The header the file must start with.</summary>
    public const string Header = "name,relus,and_gates,he_multiply_plain,he_rotations,layers";

    /// <summary>Parses the file's text.</summary>
    /// <exception cref="FormatException">The header or a row is wrong; the message names the line.</exception>
    public static IReadOnlyList<UnmeasuredConfiguration> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count == 0 || lines[0].Trim() != Header)
            throw new FormatException($"the first line must be '{Header}'");
        var result = new List<UnmeasuredConfiguration>();
        for (int i = 1; i < lines.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            var cells = lines[i].Split(',');
            long Count(int column) =>
                long.TryParse(cells[column].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long value) ? value
                : throw new FormatException($"line {i + 1}: {Header.Split(',')[column]} '{cells[column]}' is not a non-negative whole number");
            if (cells.Length != 6 || cells[0].Trim().Length == 0)
                throw new FormatException($"line {i + 1}: expected a name and 5 counts");
            long layers = Count(5);
            if (layers > int.MaxValue) throw new FormatException($"line {i + 1}: {layers} layers is not plausible");
            result.Add(new UnmeasuredConfiguration(cells[0].Trim(), new CostFeatures(Count(1), Count(2), Count(3), Count(4), (int)layers)));
        }
        return result;
    }
}

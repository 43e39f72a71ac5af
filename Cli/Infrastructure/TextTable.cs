using System.Globalization;
using System.Text;

namespace PiToolkit.Cli.Infrastructure;

/// <summary>Left-aligned text columns for terminal output; numbers right-aligned.</summary>
public sealed class TextTable
{
    private readonly string[] _headers;
    private readonly List<string[]> _rows = [];

    /// <summary>Creates a table with the given column headers.</summary>
    public TextTable(params string[] headers) => _headers = headers;

    /// <summary>Adds a row (one cell per header).</summary>
    public TextTable Add(params object?[] cells)
    {
        _rows.Add(cells.Select(c => c switch
        {
            null => "",
            double d => d.ToString("0.####", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => c.ToString() ?? "",
        }).ToArray());
        return this;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var widths = _headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => i < r.Length ? r[i].Length : 0))).ToArray();
        var text = new StringBuilder();
        void Line(string[] cells)
        {
            for (int i = 0; i < widths.Length; i++)
            {
                string cell = i < cells.Length ? cells[i] : "";
                bool numeric = cell.Length > 0 && (char.IsDigit(cell[0]) || cell[0] == '-') && cell.All(ch => char.IsDigit(ch) || ch is ',' or '.' or '-' or '%');
                text.Append(numeric ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]));
                if (i + 1 < widths.Length) text.Append("  ");
            }
            while (text.Length > 0 && text[^1] == ' ') text.Length--;
            text.AppendLine();
        }
        Line(_headers);
        Line(widths.Select(w => new string('-', w)).ToArray());
        foreach (var row in _rows) Line(row);
        return text.ToString();
    }
}

using System.Text;

namespace PiToolkit.Bench.Sweeps.Store;

/// <summary>
/// Write-to-temporary-then-rename for the point store and the report files, so that a run killed
/// mid-write leaves the old file or the new one and a rerun never reads half a point.
/// </summary>
/// <remarks>
/// Internal on purpose: the toolkit's shared helper for this (ModelFormat's <c>AtomicFile</c>) is
/// being introduced on another branch; once it is on main this class forwards to it or goes away,
/// rather than becoming a second public home for the same mechanics.
/// </remarks>
internal static class AtomicText
{
    /// <summary>The suffix of temporary files; readers skip files that end with it.</summary>
    public const string TemporarySuffix = ".tmp";

    public static void Write(string path, string text) => Write(path, temporary => File.WriteAllText(temporary, text, new UTF8Encoding(false)));

    public static void Write(string path, Action<string> writeTemporary)
    {
        string full = Path.GetFullPath(path);
        // Unique per call: two workers finishing at once never share a temporary file.
        string temporary = $"{full}.{Guid.NewGuid():N}{TemporarySuffix}";
        try
        {
            writeTemporary(temporary);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}

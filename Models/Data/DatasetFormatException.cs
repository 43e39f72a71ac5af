namespace PiToolkit.Models.Data;

/// <summary>A dataset file is missing, truncated or inconsistent; the message names the file and the defect.</summary>
public sealed class DatasetFormatException : FormatException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public DatasetFormatException(string path, string problem) : base($"{path}: {problem}") => FilePath = path;

    /// <summary>The offending file.</summary>
    public string FilePath { get; }
}

namespace PiToolkit.SecureInference.Inputs;

/// <summary>
/// A client input file cannot be used: not a decodable PNG/JPEG, too large, or an IDX file with a
/// wrong magic number, a truncated body or an index past its end. The message names the file.
/// A <see cref="FormatException"/>, as the toolkit's other file-format errors are.
/// </summary>
public sealed class InputFormatException : FormatException
{
    /// <summary>Creates the error naming the file and what is wrong with it.</summary>
    public InputFormatException(string path, string problem) : base($"{path}: {problem}") => Path = path;

    /// <summary>Creates the error with the underlying cause.</summary>
    public InputFormatException(string path, string problem, Exception inner) : base($"{path}: {problem}", inner) => Path = path;

    /// <summary>The offending file.</summary>
    public string Path { get; }
}

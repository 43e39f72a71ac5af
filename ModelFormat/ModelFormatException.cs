namespace PiToolkit.ModelFormat;

/// <summary>A model file is corrupt, truncated, of another version, or fails its checksum; the message says which.</summary>
public sealed class ModelFormatException : FormatException
{
    /// <summary>Creates the exception with a message naming the file and the defect.</summary>
    public ModelFormatException(string message) : base(message) { }

    /// <summary>Creates the exception wrapping the underlying error.</summary>
    public ModelFormatException(string message, Exception inner) : base(message, inner) { }
}

namespace PiToolkit.Models.Checkpoints;

/// <summary>A checkpoint is missing, corrupt, or does not match its manifest; the message says which and why.</summary>
public sealed class CheckpointFormatException : FormatException
{
    /// <summary>Creates the exception with a message naming the file and the problem.</summary>
    public CheckpointFormatException(string message) : base(message) { }

    /// <summary>Creates the exception wrapping the underlying error.</summary>
    public CheckpointFormatException(string message, Exception inner) : base(message, inner) { }
}

namespace PiToolkit.SecureInference.Circuits;

/// <summary>
/// A circuit file is malformed. Derives from <see cref="FormatException"/> (InvalidDataException is
/// sealed) so that callers, and the CLI's error guard, treat it as bad input rather than a bug.
/// </summary>
public sealed class CircuitFormatException : FormatException
{
    /// <summary>Creates the error naming the line and what is wrong with it.</summary>
    public CircuitFormatException(string message) : base(message) { }

    /// <summary>Creates the error with an inner cause.</summary>
    public CircuitFormatException(string message, Exception inner) : base(message, inner) { }
}

namespace PiToolkit.SecureInference.Transport;

/// <summary>
/// The peer sent bytes that break the protocol: a frame shorter than announced, longer than allowed,
/// of the wrong size, or a message that fails validation (e.g. a point not on the curve).
/// Derives from <see cref="IOException"/> (InvalidDataException is sealed), so callers and the CLI
/// treat it as bad input from outside rather than a bug.
/// </summary>
public sealed class ProtocolException : IOException
{
    /// <summary>Creates the error naming what is wrong.</summary>
    public ProtocolException(string message) : base(message) { }

    /// <summary>Creates the error with an inner cause.</summary>
    public ProtocolException(string message, Exception inner) : base(message, inner) { }
}

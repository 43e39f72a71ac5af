namespace PiToolkit.SecureInference.Hosting;

/// <summary>
/// No connection could be made: the name does not resolve, nothing listens on the port, or the
/// network refuses. Wraps the socket error so callers (and the CLI) see one <see cref="IOException"/>.
/// </summary>
public sealed class ServerUnreachableException : IOException
{
    /// <summary>Creates the error with the line to show and the socket error behind it.</summary>
    public ServerUnreachableException(string message, Exception? inner) : base(message, inner) { }
}

namespace PiToolkit.SecureInference.Transport;

/// <summary>
/// The peer did not answer in time: no connection, no completed handshake, or no bytes moving for
/// longer than the idle timeout. A stalled or vanished peer ends as this rather than holding a thread
/// forever. Derives from <see cref="IOException"/> like the toolkit's other errors from outside.
/// </summary>
public sealed class PeerTimeoutException : IOException
{
    /// <summary>Creates the error naming what timed out.</summary>
    public PeerTimeoutException(string message) : base(message) { }

    /// <summary>Creates the error with the underlying cause.</summary>
    public PeerTimeoutException(string message, Exception inner) : base(message, inner) { }
}

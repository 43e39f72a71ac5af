namespace PiToolkit.SecureInference.Hosting;

/// <summary>
/// The server refused the session because all its slots are in use or it is shutting down; the
/// message carries the server's reason. Trying again later may succeed.
/// </summary>
public sealed class ServerBusyException : IOException
{
    /// <summary>Creates the error with the line to show.</summary>
    public ServerBusyException(string message, bool shuttingDown) : base(message) => ShuttingDown = shuttingDown;

    /// <summary>Whether the server refused because it is shutting down (rather than full).</summary>
    public bool ShuttingDown { get; }
}

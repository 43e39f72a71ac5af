namespace PiToolkit.SecureInference.Hosting;

/// <summary>
/// A session reached one of its <see cref="SessionLimits"/> (memory, inferences). The session ends
/// with this reason logged; others are unaffected. An <see cref="IOException"/> like the toolkit's
/// other errors caused from outside, since a client drove the session there.
/// </summary>
public sealed class SessionLimitException : IOException
{
    /// <summary>Creates the error naming the limit.</summary>
    public SessionLimitException(string message) : base(message) { }
}

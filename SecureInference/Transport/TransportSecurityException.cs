namespace PiToolkit.SecureInference.Transport;

/// <summary>
/// A secured connection was refused before any application byte was exchanged: a wrong pin, an
/// untrusted certificate, a failed handshake or an unauthorized client. Derives from
/// <see cref="IOException"/> so callers (and the CLI) treat it as a problem outside the toolkit.
/// </summary>
public sealed class TransportSecurityException : IOException
{
    /// <summary>Creates the error with its kind and the line to show.</summary>
    public TransportSecurityException(TransportSecurityFailure failure, string message) : base(message) => Failure = failure;

    /// <summary>Creates the error with its kind, the line to show and the underlying cause.</summary>
    public TransportSecurityException(TransportSecurityFailure failure, string message, Exception inner) : base(message, inner) => Failure = failure;

    /// <summary>What went wrong.</summary>
    public TransportSecurityFailure Failure { get; }
}

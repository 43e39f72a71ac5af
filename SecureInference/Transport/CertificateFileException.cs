namespace PiToolkit.SecureInference.Transport;

/// <summary>
/// A certificate or key file cannot be used: missing, unreadable, in an unknown format, protected by
/// another password, or without the private key it must hold. The message names the file.
/// </summary>
public sealed class CertificateFileException : IOException
{
    /// <summary>Creates the error with the line to show.</summary>
    public CertificateFileException(string message) : base(message) { }

    /// <summary>Creates the error with the line to show and the cause.</summary>
    public CertificateFileException(string message, Exception inner) : base(message, inner) { }
}

namespace PiToolkit.SecureInference.Homomorphic;

/// <summary>
/// Serialized SEAL bytes (a key, a ciphertext) could not be loaded: truncated, corrupted, not SEAL's
/// format, or made for other encryption parameters. The bytes are untrusted input, never a
/// programming error. It derives from <see cref="FormatException"/> because
/// <see cref="InvalidDataException"/> is sealed; callers that map bad input to one error should
/// catch both.
/// </summary>
public sealed class SealFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="objectKind">What was being loaded, e.g. <c>Ciphertext</c>.</param>
    /// <param name="sealErrorType">SEAL's C++ exception type, e.g. <c>std::logic_error</c>.</param>
    /// <param name="message">SEAL's message (<c>what()</c>).</param>
    /// <param name="innerException">The script-engine exception it was translated from, if any.</param>
    public SealFormatException(string objectKind, string sealErrorType, string message, Exception? innerException = null)
        : base($"Invalid serialized SEAL {objectKind} ({sealErrorType}): {message}", innerException)
    {
        ObjectKind = objectKind;
        SealErrorType = sealErrorType;
        SealMessage = message;
    }

    /// <summary>What was being loaded, e.g. <c>Ciphertext</c> or <c>GaloisKeys</c>.</summary>
    public string ObjectKind { get; }

    /// <summary>SEAL's C++ exception type, e.g. <c>std::logic_error</c>.</summary>
    public string SealErrorType { get; }

    /// <summary>SEAL's message, without the prefix this type adds.</summary>
    public string SealMessage { get; }
}

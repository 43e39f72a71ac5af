namespace PiToolkit.SecureInference.Homomorphic;

/// <summary>
/// Microsoft SEAL rejected an operation (for example keys that do not belong to the context, or a
/// rotation without the matching Galois key). Carries SEAL's own exception type and message.
/// </summary>
public sealed class SealException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="sealErrorType">SEAL's C++ exception type, e.g. <c>std::invalid_argument</c>.</param>
    /// <param name="message">SEAL's message (<c>what()</c>).</param>
    /// <param name="innerException">The script-engine exception it was translated from, if any.</param>
    public SealException(string sealErrorType, string message, Exception? innerException = null)
        : base($"SEAL error ({sealErrorType}): {message}", innerException)
    {
        SealErrorType = sealErrorType;
        SealMessage = message;
    }

    /// <summary>SEAL's C++ exception type, e.g. <c>std::invalid_argument</c>.</summary>
    public string SealErrorType { get; }

    /// <summary>SEAL's message, without the prefix this type adds.</summary>
    public string SealMessage { get; }
}

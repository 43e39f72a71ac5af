namespace PiToolkit.SecureInference.Transport;

/// <summary>Why a secured connection was refused (see <see cref="TransportSecurityException"/>).</summary>
public enum TransportSecurityFailure
{
    /// <summary>The TLS handshake itself failed (no common protocol, the peer does not speak TLS, the connection dropped).</summary>
    HandshakeFailed,

    /// <summary>The server's certificate does not have the fingerprint the client pinned.</summary>
    PinMismatch,

    /// <summary>The server's certificate does not chain to the authority the client trusts, or is expired or not yet valid.</summary>
    UntrustedCertificate,

    /// <summary>The server's certificate does not name the host the client connected to (authority mode only; a pin ignores names).</summary>
    NameMismatch,

    /// <summary>The server requires client authentication and the client offered no certificate.</summary>
    ClientCertificateMissing,

    /// <summary>The client's certificate is neither on the server's allow-list nor issued by the authority the server trusts.</summary>
    ClientNotAuthorized,
}

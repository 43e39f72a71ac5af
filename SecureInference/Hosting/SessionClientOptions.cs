using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Hosting;

/// <summary>How a client connects to a <see cref="SessionServer"/> (see <see cref="SessionClient"/>).</summary>
public sealed record SessionClientOptions
{
    /// <summary>TLS settings (a pin or an authority, and optionally a client certificate); null connects over plain TCP, which is insecure.</summary>
    public TlsClientOptions? Tls { get; init; }

    /// <summary>The name the server's certificate must carry in authority mode (also sent as SNI); defaults to the host connected to.</summary>
    public string? TargetHost { get; init; }

    /// <summary>How long establishing the TCP connection may take (default 10 s).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the TLS handshake plus the server's admission may take (default 15 s).</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The longest a send or receive may make no progress once admitted (default 5 min: the server may
    /// compute for a while, e.g. homomorphic layers, before it answers).
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Channel buffer size each way (default 256 KiB).</summary>
    public int ChannelBufferBytes { get; init; } = 1 << 18;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A timeout is not positive or longer than <see cref="SessionLimits.MaxDuration"/>, or the buffer is below 1 KiB.</exception>
    public void Validate()
    {
        SessionLimits.Positive(ConnectTimeout, nameof(ConnectTimeout));
        SessionLimits.Positive(HandshakeTimeout, nameof(HandshakeTimeout));
        SessionLimits.Positive(IdleTimeout, nameof(IdleTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(ChannelBufferBytes, 1024, nameof(ChannelBufferBytes));
    }
}

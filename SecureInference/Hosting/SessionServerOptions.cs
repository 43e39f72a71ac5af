using System.Net;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Hosting;

/// <summary>Where and how a <see cref="SessionServer"/> listens.</summary>
public sealed record SessionServerOptions
{
    /// <summary>The address to listen on (default loopback, 127.0.0.1).</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The TCP port (default 7100; 0 picks a free one, see <see cref="SessionServer.LocalEndPoint"/>).</summary>
    public int Port { get; init; } = 7100;

    /// <summary>TLS settings; null serves plain TCP, which is insecure (no encryption, no server authentication) and meant for loopback demos.</summary>
    public TlsServerOptions? Tls { get; init; }

    /// <summary>
    /// Allows plain TCP on an address other than loopback. Off by default so that an unencrypted,
    /// unauthenticated server is never exposed to a network by accident.
    /// </summary>
    public bool AllowPlainTcpBeyondLoopback { get; init; }

    /// <summary>The per-session and per-server limits.</summary>
    public SessionLimits Limits { get; init; } = new();

    /// <summary>Checks the combination.</summary>
    /// <exception cref="ArgumentException">Plain TCP on a non-loopback address without <see cref="AllowPlainTcpBeyondLoopback"/>, or a limit is invalid.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Address, nameof(Address));
        ArgumentOutOfRangeException.ThrowIfNegative(Port, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, IPEndPoint.MaxPort, nameof(Port));
        ArgumentNullException.ThrowIfNull(Limits, nameof(Limits));
        Limits.Validate();
        if (Tls is null && !IPAddress.IsLoopback(Address) && !AllowPlainTcpBeyondLoopback)
        {
            throw new ArgumentException(
                $"Plain TCP on {Address} would expose an unencrypted, unauthenticated server beyond this machine; serve TLS (a certificate from `pitk cert create`) or allow it explicitly.",
                nameof(Address));
        }
    }
}

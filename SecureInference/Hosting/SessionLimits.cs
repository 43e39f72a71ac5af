using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Hosting;

/// <summary>
/// The bounds that keep one client from exhausting a <see cref="SessionServer"/>: how many sessions
/// run at once, how long each phase may stall, how much each session may do and hold. Every limit has
/// a default meant for a small machine serving a handful of clients; the CLI exposes each as an option.
/// </summary>
public sealed record SessionLimits
{
    /// <summary>Sessions served at once (default 4); a connection beyond it gets a framed "busy" refusal.</summary>
    public int MaxConcurrentSessions { get; init; } = 4;

    /// <summary>
    /// From accepting the connection until the handler calls <see cref="SessionContext.CompleteHandshake"/>
    /// (TLS included; default 60 s). An absolute deadline, so a client that trickles its handshake bytes
    /// cannot hold a slot. Generous because the protocol's session setup includes the client generating
    /// and uploading its HE keys (tens of MB) before the first inference.
    /// </summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The longest a single send or receive may make no progress (default 60 s): a client that stops
    /// reading or sending, or vanishes without closing, is cut off after this.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest a session may last in total (default 1 h), whatever it does: bounds a slow-drip client.</summary>
    public TimeSpan MaxSessionDuration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Inferences one session may run (default 1,000); see <see cref="SessionContext.TryBeginInference"/>.</summary>
    public int MaxInferencesPerSession { get; init; } = 1000;

    /// <summary>The largest frame the handler should accept from the client (default <see cref="FrameCodec.DefaultMaxFrameLength"/>, 64 MiB).</summary>
    public int MaxFrameBytes { get; init; } = FrameCodec.DefaultMaxFrameLength;

    /// <summary>
    /// Memory one session may hold (default 1 GiB): the channel buffers plus what the handler reserves
    /// in <see cref="SessionContext.Memory"/> (keys, prepared offline batches) before allocating it.
    /// </summary>
    public long MaxSessionMemoryBytes { get; init; } = 1L << 30;

    /// <summary>Buffer size of the session's channel in each direction (default 256 KiB).</summary>
    public int ChannelBufferBytes { get; init; } = 1 << 18;

    /// <summary>After Ctrl-C, how long running sessions may take to finish before they are aborted (default 10 s).</summary>
    public TimeSpan ShutdownGracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Busy refusals in flight at once (default 16). Each needs a TLS handshake to be delivered; past
    /// this a surplus connection is closed without a message, so a connection flood costs bounded work.
    /// </summary>
    public int MaxPendingRefusals { get; init; } = 16;

    /// <summary>Checks every limit is positive (durations at most <see cref="MaxDuration"/>) and the frame limit fits the memory limit.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is zero, negative, too long or inconsistent.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxConcurrentSessions, nameof(MaxConcurrentSessions));
        Positive(HandshakeTimeout, nameof(HandshakeTimeout));
        Positive(IdleTimeout, nameof(IdleTimeout));
        Positive(MaxSessionDuration, nameof(MaxSessionDuration));
        Positive(ShutdownGracePeriod, nameof(ShutdownGracePeriod));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxInferencesPerSession, nameof(MaxInferencesPerSession));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFrameBytes, 1024, nameof(MaxFrameBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(ChannelBufferBytes, 1024, nameof(ChannelBufferBytes));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxPendingRefusals, nameof(MaxPendingRefusals));
        long floor = (long)MaxFrameBytes + 2L * ChannelBufferBytes;
        if (MaxSessionMemoryBytes < floor)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSessionMemoryBytes), MaxSessionMemoryBytes,
                $"The session memory limit must hold at least one largest frame plus the channel buffers ({floor} bytes).");
        }
    }

    /// <summary>
    /// The longest duration any limit may be: timers and socket timeouts count milliseconds in an
    /// <see cref="int"/>, which ends a little after 24.8 days.
    /// </summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(24);

    internal static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero || value > MaxDuration)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and at most {MaxDuration.TotalDays:0} days.");
        }
    }
}

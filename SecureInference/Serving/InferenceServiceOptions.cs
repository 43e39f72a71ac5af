using PiToolkit.SecureInference.Protocol;

namespace PiToolkit.SecureInference.Serving;

/// <summary>How an <see cref="InferenceService"/> runs the protocol in each session.</summary>
public sealed record InferenceServiceOptions
{
    /// <summary>The default of <see cref="PreparedBatches"/>.</summary>
    public const int DefaultPreparedBatches = 4;

    /// <summary>
    /// Offline batches a client may prepare ahead of its queries (<c>--prepare K</c>); each holds
    /// garbling keys and HE shares on the server, so the session's memory budget is charged for all
    /// K up front.
    /// </summary>
    public int PreparedBatches { get; init; } = DefaultPreparedBatches;

    /// <summary>Parameters both parties must agree on (N, compression) and the per-exchange deadline.</summary>
    public ProtocolOptions Protocol { get; init; } = new();

    /// <summary>What a session's SEAL runtime (a V8 engine with SEAL's WebAssembly heap) is charged against the memory budget.</summary>
    public long RuntimeBytes { get; init; } = 96L << 20;

    /// <summary>The largest HE key blob a client may upload; the budget is charged twice this (the received bytes and the loaded keys).</summary>
    public long MaxKeyBytes { get; init; } = 256L << 20;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count or size is not positive.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PreparedBatches);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(RuntimeBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxKeyBytes);
        ArgumentNullException.ThrowIfNull(Protocol);
    }
}

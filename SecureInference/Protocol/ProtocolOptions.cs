using PiToolkit.SecureInference.Homomorphic;
using PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>Settings both parties of a session must agree on (the handshake checks them) and local limits.</summary>
public sealed record ProtocolOptions
{
    /// <summary>The smallest HE ring degree a server accepts: at N = 4096 the 109-bit coefficient modulus leaves no room for 40-bit noise flooding.</summary>
    public const int MinimumPolyModulusDegree = 8192;

    /// <summary>HE ring degree N (default 8192).</summary>
    public int PolyModulusDegree { get; init; } = 8192;

    /// <summary>SEAL compression of ciphertexts and keys on the wire (zstd by default; tests fix None for stable sizes).</summary>
    public SealCompression Compression { get; init; } = SealCompression.Zstd;

    /// <summary>
    /// HE packing of the linear layers' offline step. On the client: what to choose per layer
    /// (<see cref="HomomorphicEncoding.Auto"/>: the cheaper by <see cref="CostModel"/>); the choice
    /// per layer travels in the hello. On the server: which choices it accepts
    /// (<see cref="HomomorphicEncoding.Auto"/>: either); any other is refused in the handshake.
    /// </summary>
    public HomomorphicEncoding Encoding { get; init; } = HomomorphicEncoding.Auto;

    /// <summary>
    /// The unit costs the client's <see cref="HomomorphicEncoding.Auto"/> compares: the fixed
    /// <see cref="HomomorphicCostModel.Default"/> unless the caller passes one from
    /// <see cref="HomomorphicCostModel.Measure"/> (2–4 s, once per machine). It only decides the
    /// encoding; coefficient blocking always follows <see cref="CoefficientCosts.Default"/>, because the
    /// server must build the same plan from public data.
    /// </summary>
    public HomomorphicCostModel CostModel { get; init; } = HomomorphicCostModel.Default;

    /// <summary>
    /// SEAL runtimes (one core each) this party spreads coefficient-encoded layers over; started once
    /// per session (~0.3 s each) and only when some layer is coefficient-encoded. Local, not agreed on.
    /// </summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>Largest HE key blob (public or Galois keys) the server accepts.</summary>
    public long MaxKeyBytes { get; init; } = 512L << 20;

    /// <summary>Largest single ciphertext either side accepts.</summary>
    public int MaxCiphertextBytes { get; init; } = 4 << 20;

    /// <summary>Prepared inferences the server keeps at most (each holds garbling keys and HE shares).</summary>
    public int MaxPreparedBatches { get; init; } = 64;

    /// <summary>
    /// The longest one exchange (session setup, one offline or online phase) may take; past it the
    /// channel is closed and the waiting side fails with <see cref="Transport.ProtocolException"/>.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Test-only: lets a server accept N &lt; 8192 (fast HE, no statistical circuit privacy). Never set in production.</summary>
    internal bool AllowInsecureRingForTests { get; init; }

    /// <summary>Test-only seam: the protocol layer's own randomness (masks, shares, nonces).</summary>
    internal ProtocolRandom Random { get; init; } = ProtocolRandom.System;
}

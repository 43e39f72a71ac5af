namespace PiToolkit.SecureInference.Homomorphic.LinearLayers;

/// <summary>
/// A bound, computed from the layer plan alone, on the noise of the server's response before
/// flooding, and whether <c>NoiseFlooding</c> hides it at statistical security σ. The server checks
/// it before every evaluation (<see cref="HomomorphicLinearServer.Evaluate"/>), so flooding is
/// guaranteed rather than measured after the fact.
/// </summary>
/// <remarks>
/// <para>Noise is the integer e with c0 + c1·s = (q/t)·m + e (mod q) (the invariant form of Chen,
/// Laine, Player 2017: multiplying by a plaintext P gives (q/t)·mP = (q/t)·[mP]_t + q·k, so the noise
/// becomes e·P exactly). Each coefficient is bounded as d + X: d a worst-case deterministic part,
/// X sub-Gaussian with parameter τ. Rules, all valid without independence between coefficients
/// (τ(X + Y) ≤ τ(X) + τ(Y) for any X, Y):</para>
/// <list type="bullet">
/// <item>fresh symmetric encryption (the client's request): τ = σ_e = 3.2 (SEAL's error, clipped at
/// 6σ_e, still σ_e-sub-Gaussian), d = 1/2 (rounding of (q/t)·m);</item>
/// <item>rotation = automorphism (permutes coefficients with signs: unchanged) + key switch:
/// τ += σ_e·√(L·N)·(q_max/2)/P (a linear form in the key's independent errors, L data primes,
/// special prime P), d += (N + 1)/2 (rounding when dividing by P: r0 + r1·s, s ternary);</item>
/// <item>multiply_plain: SEAL centres plaintext coefficients, |P_i| ≤ t/2, so τ and d grow by at most
/// N·t/2 (worst case over the server's weights: no assumption on them);</item>
/// <item>additions add d and τ; the rotate-and-add tree follows <c>LayerEvaluation.SumRotations</c>;
/// subtracting the pads adds 1/2 to d; the re-randomising public-key Enc(0) adds
/// τ = σ_e·√(2N + 1).</item>
/// </list>
/// <para>The bound B = d + τ·√(2 ln(2·N·C·2^σ)) holds for all N·C coefficients of the C response
/// ciphertexts except with probability 2^−σ (sub-Gaussian tail and a union bound). Flooding adds a
/// uniform integer from 2^b values per coefficient, b = <c>NoiseFlooding.FloodingBits</c>, so the
/// response is within statistical distance N·C·B/2^b of one independent of the weights: 2^−σ when
/// log2 B ≤ b − σ − log2(N·C). With σ = 40 the total is ≤ 2^−39 including the tail.</para>
/// <para>At N = 8192 with Delphi's prime this leaves 2.6–6.8 bits of margin on the LeNet-5 layers and
/// lies about 12 bits above the noise SEAL measures (tests check both); a plain worst case that
/// ignored the randomness of the errors would refuse LeNet-5's first convolution.</para>
/// </remarks>
public sealed record ResponseNoiseBound
{
    /// <summary>The statistical security parameter the toolkit uses (σ = 40).</summary>
    public const int DefaultStatisticalSecurity = 40;

    // SEAL's default error distribution (seal::util::global_variables::noise_standard_deviation).
    private const double ErrorDeviation = 3.2;

    private ResponseNoiseBound(double noiseBits, int floodingBits, double allowedNoiseBits, int statisticalSecurity)
    {
        NoiseBits = noiseBits;
        FloodingBits = floodingBits;
        AllowedNoiseBits = allowedNoiseBits;
        StatisticalSecurity = statisticalSecurity;
    }

    /// <summary>log2 of the bound on every coefficient's noise before flooding (holds except with probability 2^−σ).</summary>
    public double NoiseBits { get; }

    /// <summary>b: flooding draws each coefficient's noise uniformly from 2^b integers.</summary>
    public int FloodingBits { get; }

    /// <summary>log2 of the largest noise flooding hides at σ: b − σ − log2(N · output ciphertexts).</summary>
    public double AllowedNoiseBits { get; }

    /// <summary>σ the bound was computed for.</summary>
    public int StatisticalSecurity { get; }

    /// <summary>Bits to spare (negative: the layer cannot be flooded and is refused).</summary>
    public double MarginBits => AllowedNoiseBits - NoiseBits;

    /// <summary>Computes the bound for a plan under a context's parameters.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The plan was made for other parameters.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="statisticalSecurity"/> is not in 1..128.</exception>
    public static ResponseNoiseBound For(LinearLayerPlan plan, SealContext context, int statisticalSecurity = DefaultStatisticalSecurity)
    {
        ArgumentNullException.ThrowIfNull(context);
        LinearLayerChecks.Plan(plan, context);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(statisticalSecurity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statisticalSecurity, 128);
        double n = context.Parameters.PolyModulusDegree;
        double t = context.Parameters.PlainModulus;
        double levels = context.CoeffModulus.Length;
        double qMax = context.CoeffModulus.Max();
        double special = context.SpecialPrime;
        var fresh = new Noise(0.5, ErrorDeviation);
        var keySwitch = new Noise((n + 1) / 2, ErrorDeviation * Math.Sqrt(levels * n) * (qMax / 2) / special);
        var perOutput = plan.NoiseAfterEvaluation(fresh, keySwitch, n * t / 2);
        return FromEvaluation(perOutput, plan.OutputCiphertextCount, context, statisticalSecurity);
    }

    /// <summary>The fresh noise of the client's request (symmetric encryption), for other packings' bounds.</summary>
    internal static Noise FreshRequestNoise => new(0.5, ErrorDeviation);

    /// <summary>
    /// The bound from a packing's noise per output ciphertext after evaluation and masking (shared by
    /// slot and coefficient encoding): adds the re-randomising Enc(0), the tail and the flooding check.
    /// </summary>
    internal static ResponseNoiseBound FromEvaluation(Noise perOutput, int outputCiphertexts, SealContext context, int statisticalSecurity)
    {
        double n = context.Parameters.PolyModulusDegree;
        var response = perOutput + new Noise(0.5, ErrorDeviation * Math.Sqrt(2 * n + 1));
        double coefficients = n * outputCiphertexts;
        double tail = Math.Sqrt(2 * (Math.Log(2 * coefficients) + statisticalSecurity * Math.Log(2)));
        double noiseBits = Math.Log2(response.Deterministic + response.SubGaussian * tail);
        int floodingBits = NoiseFlooding.FloodingBits(context);
        double allowed = floodingBits - statisticalSecurity - Math.Log2(coefficients);
        return new ResponseNoiseBound(noiseBits, floodingBits, allowed, statisticalSecurity);
    }

    /// <summary>Throws unless flooding hides the bounded noise.</summary>
    /// <param name="layer">Names the layer in the error.</param>
    /// <exception cref="NoiseBudgetException"><see cref="MarginBits"/> is negative.</exception>
    public void EnsureFloodable(string layer)
    {
        if (MarginBits < 0)
            throw new NoiseBudgetException(layer, this);
    }

    /// <summary>A coefficient-wise noise bound: worst-case part d plus a τ-sub-Gaussian part.</summary>
    internal readonly record struct Noise(double Deterministic, double SubGaussian)
    {
        public static Noise operator +(Noise a, Noise b) => new(a.Deterministic + b.Deterministic, a.SubGaussian + b.SubGaussian);

        public static Noise operator *(double k, Noise a) => new(k * a.Deterministic, k * a.SubGaussian);
    }
}

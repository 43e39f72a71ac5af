using System.Diagnostics;
using System.Numerics;

namespace PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;

/// <summary>
/// The server's side of Delphi's offline linear layer in coefficient encoding: Enc(M·r − s) from the
/// client's Enc(r) with multiply_plain only (no Galois keys), spread over one SEAL runtime per worker.
/// </summary>
/// <remarks>
/// Circuit privacy as in <see cref="HomomorphicLinearServer"/>: every coefficient that carries no
/// output (partial sums over the weights, wrap-around terms) gets fresh uniform randomness mod p
/// subtracted, s at the output coefficients; a fresh public-key encryption of zero is added; the
/// noise is flooded with uniform noise of magnitude ≤ Δ/16 (<c>NoiseFlooding</c>: statistical
/// distance ≤ N·2^(3−β) for a budget β before flooding). Only then is the ciphertext switched down to
/// <see cref="ResponsePrimes"/> primes: a public, deterministic map of the flooded ciphertext, so it
/// reveals nothing more, and it halves the response at N = 8192.
/// </remarks>
public sealed class CoefficientLinearServer : IDisposable
{
    private readonly CoefficientWorker[] _workers;
    private readonly bool _testOnlySmallRing;
    private int _disposed;

    /// <summary>Starts <paramref name="workers"/> SEAL runtimes (~0.3 s each) holding the client's public key.</summary>
    /// <param name="parameters">The encryption parameters (same as the client's).</param>
    /// <param name="clientPublicKey">The client's serialized public key.</param>
    /// <param name="workers">Runtimes to spread products over (one core each).</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workers"/> is below 1.</exception>
    /// <exception cref="SealFormatException">The public key is malformed or for other parameters.</exception>
    /// <exception cref="ArgumentException">The ring is below N = <see cref="HomomorphicLinearServer.MinimumPolyModulusDegree"/> (no room for 40-bit flooding).</exception>
    public CoefficientLinearServer(EncryptionParameters parameters, ReadOnlySpan<byte> clientPublicKey, int workers = 1)
        : this(parameters, clientPublicKey, workers, testOnlySmallRing: false)
    {
    }

    /// <summary>
    /// Test seam, as for <see cref="HomomorphicLinearServer"/>: with <paramref name="testOnlySmallRing"/>
    /// N = 4096 is accepted and flooded without the σ = 40 guarantee (none is possible there).
    /// </summary>
    internal CoefficientLinearServer(EncryptionParameters parameters, ReadOnlySpan<byte> clientPublicKey, int workers, bool testOnlySmallRing)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        if (!testOnlySmallRing && parameters.PolyModulusDegree < HomomorphicLinearServer.MinimumPolyModulusDegree)
            throw new ArgumentException(
                $"The server needs N ≥ {HomomorphicLinearServer.MinimumPolyModulusDegree} for noise flooding at σ = 40; the parameters have N = {parameters.PolyModulusDegree}.",
                nameof(parameters));
        _testOnlySmallRing = testOnlySmallRing;
        Parameters = parameters;
        _workers = new CoefficientWorker[workers];
        try
        {
            for (int i = 0; i < workers; i++)
                _workers[i] = CoefficientWorker.ForServer(parameters, clientPublicKey);
        }
        catch
        {
            Dispose();
            throw;
        }
        ResponsePrimes = ChooseResponsePrimes(_workers[0].Context);
    }

    /// <summary>The encryption parameters.</summary>
    public EncryptionParameters Parameters { get; }

    /// <summary>Worker runtimes.</summary>
    public int WorkerCount => _workers.Length;

    /// <summary>Whether the response noise is flooded (tests turn it off only to measure the noise budget).</summary>
    internal bool FloodNoise { get; init; } = true;

    /// <summary>
    /// Primes of the coefficient modulus a response keeps after modulus switching: the fewest k with
    /// Δ_k = ⌊q_1⋯q_k / t⌋ ≥ 4t + 4(N + 1), which bounds the switch's extra noise (t from the
    /// rescaled Δ·m, (1 + ‖s‖₁)/2 ≤ (N + 1)/2 from rounding with a ternary secret) by Δ_k/4; with
    /// flooding's Δ_k/16 and the evaluation noise (≤ Δ_k/16 whenever β ≥ 4) decryption stays below
    /// Δ_k/2. At N = 8192 with the 41-bit p that is 2 of the 4 data primes (86 bits).
    /// </summary>
    public int ResponsePrimes { get; init; }

    /// <summary>Computes the client's share Enc(M·r − s) for one layer.</summary>
    /// <param name="plan">The layer's coefficient plan (same as the client's).</param>
    /// <param name="weights">M: <see cref="CoefficientLinearPlan.WeightCount"/> residues mod p.</param>
    /// <param name="request">The client's Enc(r), <see cref="CoefficientLinearPlan.InputCiphertextCount"/> ciphertexts.</param>
    /// <param name="share">s: <see cref="CoefficientLinearPlan.OutputCount"/> residues mod p.</param>
    /// <param name="compression">SEAL's compression for the response.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The plan is for other parameters, or weights / share have the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A weight or share value is not below p.</exception>
    /// <exception cref="SealFormatException">The request has the wrong number of ciphertexts, or one is malformed or for other parameters.</exception>
    /// <exception cref="ObjectDisposedException">The server was disposed.</exception>
    public LinearLayerResponse Evaluate(CoefficientLinearPlan plan, ReadOnlySpan<ulong> weights, IReadOnlyList<byte[]> request,
        ReadOnlySpan<ulong> share, SealCompression compression = SealCompression.Zstd)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(request);
        if (plan.Parameters != Parameters)
            throw new ArgumentException("The plan is for other encryption parameters.", nameof(plan));
        if (weights.Length != plan.WeightCount)
            throw new ArgumentException($"{weights.Length} weights given; the layer has {plan.WeightCount}.", nameof(weights));
        if (share.Length != plan.OutputCount)
            throw new ArgumentException($"The share has {share.Length} values; the layer has {plan.OutputCount} outputs.", nameof(share));
        if (request.Count != plan.InputCiphertextCount)
            throw new SealFormatException("Ciphertext", "count", $"expected {plan.InputCiphertextCount} ciphertexts, got {request.Count}");
        for (int i = 0; i < request.Count; i++)
            if (request[i] is null)
                throw new SealFormatException("Ciphertext", "null", $"request ciphertext {i} is missing");
        Parameters.Field.CheckResidues(weights, nameof(weights));
        Parameters.Field.CheckResidues(share, nameof(share));
        if (!_testOnlySmallRing)
            NoiseBound(plan).EnsureFloodable(plan.ToString());

        var clock = Stopwatch.StartNew();
        ulong[] w = weights.ToArray(), s = share.ToArray();
        var response = new byte[plan.OutputCiphertextCount][];
        var states = new WorkerState[_workers.Length];
        for (int i = 0; i < states.Length; i++)
            states[i] = new WorkerState(_workers[i], plan, w, request);
        try
        {
            // Output ciphertexts ordered (output block, tile); contiguous ranges keep each worker's
            // kernels and transformed inputs few.
            CoefficientWorker.Spread(_workers, response.Length, (worker, index) =>
                response[index] = states[Array.IndexOf(_workers, worker)].Output(index, s, compression, FloodNoise, ResponsePrimes));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            throw e.InnerExceptions[0];
        }
        finally
        {
            foreach (var state in states)
                state.Dispose();
            Array.Clear(w);
            Array.Clear(s);
        }
        var stats = new LinearLayerStats(request.Count, response.Length, request.Sum(b => (long)b.Length), response.Sum(b => (long)b.Length),
            plan.MultiplyPlainCount, 0, clock.Elapsed);
        return new LinearLayerResponse(response, stats);
    }

    /// <summary>Releases the workers' runtimes. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        foreach (var worker in _workers)
            worker?.Dispose();
    }

    /// <summary>
    /// The bound on the response's noise before flooding, from the plan alone (the rules of
    /// <see cref="ResponseNoiseBound"/>): the fresh request noise times the worst-case kernel, at most
    /// Mn·Cn·kh·kw non-zero coefficients of magnitude ≤ t/2 (SEAL centres them), summed over the
    /// input-channel blocks; the pads add 1/2.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The server was disposed.</exception>
    public ResponseNoiseBound NoiseBound(CoefficientLinearPlan plan, int statisticalSecurity = ResponseNoiseBound.DefaultStatisticalSecurity)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentNullException.ThrowIfNull(plan);
        var g = plan.Geometry;
        double taps = Math.Min(Parameters.PolyModulusDegree,
            (double)plan.Blocking.OutputChannels * plan.Blocking.Channels * g.KernelHeight * g.KernelWidth);
        double factor = taps * Parameters.PlainModulus / 2;
        var perOutput = plan.InputBlockCount * (factor * ResponseNoiseBound.FreshRequestNoise) + new ResponseNoiseBound.Noise(0.5, 0);
        return ResponseNoiseBound.FromEvaluation(perOutput, plan.OutputCiphertextCount, _workers[0].Context, statisticalSecurity);
    }

    internal static int ChooseResponsePrimes(SealContext context)
    {
        ulong t = context.Parameters.PlainModulus;
        BigInteger need = 4 * (BigInteger)t + 4 * ((BigInteger)context.Parameters.PolyModulusDegree + 1);
        BigInteger q = BigInteger.One;
        for (int k = 1; k <= context.CoeffModulus.Length; k++)
        {
            q *= context.CoeffModulus[k - 1];
            if (q / t >= need)
                return k;
        }
        return context.CoeffModulus.Length;
    }

    /// <summary>One worker's share of a layer: inputs and kernels it transformed to NTT form, made on first use.</summary>
    private sealed class WorkerState(CoefficientWorker worker, CoefficientLinearPlan plan, ulong[] weights, IReadOnlyList<byte[]> request) : IDisposable
    {
        private readonly Dictionary<int, Ciphertext> _inputs = [];
        private readonly Dictionary<int, Plaintext?> _kernels = [];

        public byte[] Output(int index, ulong[] share, SealCompression compression, bool flood, int primes)
        {
            var context = worker.Context;
            var evaluator = worker.Evaluator;
            int tile = index % plan.TileCount, mb = index / plan.TileCount;
            Ciphertext? acc = null;
            try
            {
                for (int cb = 0; cb < plan.InputBlockCount; cb++)
                {
                    Plaintext? kernel = Kernel(cb, mb);
                    if (kernel is null)
                        continue;
                    Ciphertext input = Input(plan.InputIndex(cb, tile));
                    if (acc is null)
                        acc = evaluator.MultiplyPlain(input, kernel);
                    else
                    {
                        using var product = evaluator.MultiplyPlain(input, kernel);
                        evaluator.Add(acc, product, acc);
                    }
                }
                if (acc is null)
                    acc = worker.Encryptor.EncryptZero(); // all-zero weights: M·r = 0
                else
                    CoefficientEvaluation.FromNtt(evaluator, acc);

                Mask(acc, index, share);
                using (var zero = worker.Encryptor.EncryptZero())
                    evaluator.Add(acc, zero, acc);
                Ciphertext final = acc;
                Ciphertext? flooded = null;
                try
                {
                    if (flood)
                    {
                        byte[] raw = acc.Save(SealCompression.None);
                        NoiseFlooding.Flood(raw, context);
                        final = flooded = Ciphertext.Load(context, raw);
                    }
                    CoefficientEvaluation.ModSwitchToPrimes(evaluator, final, primes);
                    return final.Save(compression);
                }
                finally
                {
                    flooded?.Dispose();
                }
            }
            finally
            {
                acc?.Dispose();
            }
        }

        // s at the output coefficients; fresh uniform residues at every other coefficient, which hold
        // partial sums over the weights (and wrap-around terms) the client must not see.
        private void Mask(Ciphertext acc, int index, ulong[] share)
        {
            int n = plan.Parameters.PolyModulusDegree;
            var pads = new ulong[n];
            try
            {
                plan.Parameters.Field.FillUniform(pads);
                foreach (var (coefficient, output) in plan.OutputPositions(index))
                    pads[coefficient] = share[output];
                using var plain = CoefficientCodec.Encode(worker.Context, pads);
                worker.Evaluator.SubPlain(acc, plain, acc);
            }
            finally
            {
                Array.Clear(pads);
            }
        }

        private Ciphertext Input(int index)
        {
            if (!_inputs.TryGetValue(index, out var input))
            {
                input = Ciphertext.Load(worker.Context, request[index]);
                try
                {
                    // Untrusted bytes: only a fresh-shaped ciphertext (2 polynomials, first data level) is
                    // evaluated, so flooding's layout check can never fail on a client's input.
                    if (CoefficientEvaluation.Primes(input) != worker.Context.CoeffModulus.Length || input.Size != 2)
                        throw new SealFormatException("Ciphertext", "shape", $"request ciphertext {index} is not a 2-polynomial ciphertext at the first data level");
                    CoefficientEvaluation.ToNtt(worker.Evaluator, input);
                }
                catch
                {
                    input.Dispose();
                    throw;
                }
                _inputs.Add(index, input);
            }
            return input;
        }

        private Plaintext? Kernel(int cb, int mb)
        {
            int key = cb * plan.OutputBlockCount + mb;
            if (!_kernels.TryGetValue(key, out var kernel))
            {
                var coefficients = new ulong[plan.Parameters.PolyModulusDegree];
                if (plan.PackKernel(weights, cb, mb, coefficients))
                {
                    kernel = CoefficientCodec.Encode(worker.Context, coefficients);
                    CoefficientEvaluation.PlainToNtt(worker.Evaluator, worker.Context, kernel);
                }
                Array.Clear(coefficients);
                _kernels.Add(key, kernel);
            }
            return kernel;
        }

        public void Dispose()
        {
            foreach (var c in _inputs.Values)
                c.Dispose();
            foreach (var k in _kernels.Values)
                k?.Dispose();
        }
    }
}

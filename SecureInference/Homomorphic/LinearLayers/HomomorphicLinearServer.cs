using System.Diagnostics;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Homomorphic.LinearLayers;

/// <summary>
/// The server's side of Delphi's offline linear layer: given the client's Enc(r), its weights M
/// and its random share s, return Enc(M·r − s) that reveals nothing else about M.
/// </summary>
/// <remarks>
/// Semi-honest security of the response, in three steps:
/// <list type="number">
/// <item>Slots that carry no output hold partial sums over the weights. Every slot gets a fresh
/// uniform value subtracted: s at the output slots, fresh randomness elsewhere, so the decrypted
/// non-output slots are one-time padded.</item>
/// <item>A fresh public-key encryption of zero is added: its (c0, c1) are pseudorandom under RLWE,
/// so the ciphertext's randomness no longer depends on the evaluation path.</item>
/// <item>The noise, which depends on the weights, is flooded with uniform noise of about Δ/16
/// (see <c>NoiseFlooding</c>). Before evaluating, the server bounds the response's noise from the
/// plan (<see cref="ResponseNoiseBound"/>) and refuses the layer with
/// <see cref="NoiseBudgetException"/> unless flooding hides it at σ = 40.</item>
/// </list>
/// The server refuses rings below N = 8192: at N = 4096 (109-bit q) no useful plaintext modulus
/// leaves room for 40-bit flooding.
/// </remarks>
public sealed class HomomorphicLinearServer : IDisposable
{
    private readonly SealContext _context;
    private readonly GaloisKeys _galoisKeys;
    private readonly BatchEncoder _encoder;
    private readonly Encryptor _encryptor;
    private readonly Evaluator _evaluator;
    private readonly bool _testOnlySmallRing;

    /// <summary>Creates the server's SEAL objects for the client's keys.</summary>
    /// <param name="context">The context (same parameters as the client's).</param>
    /// <param name="clientPublicKey">The client's public key (for re-randomisation).</param>
    /// <param name="clientGaloisKeys">The client's Galois keys, covering <see cref="LinearLayerPlan.RotationSteps"/> of every plan used.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The context's ring is below N = <see cref="MinimumPolyModulusDegree"/>.</exception>
    /// <exception cref="SealException">A key does not belong to the context.</exception>
    /// <exception cref="ObjectDisposedException">An argument was disposed.</exception>
    public HomomorphicLinearServer(SealContext context, PublicKey clientPublicKey, GaloisKeys clientGaloisKeys)
        : this(context, clientPublicKey, clientGaloisKeys, testOnlySmallRing: false)
    {
    }

    /// <summary>
    /// Test seam: with <paramref name="testOnlySmallRing"/> the server accepts N = 4096 and floods
    /// without the σ = 40 guarantee (none is possible there), so the small, fast ring can exercise
    /// packing and masking. Never used outside tests and benchmarks of the small ring.
    /// </summary>
    internal HomomorphicLinearServer(SealContext context, PublicKey clientPublicKey, GaloisKeys clientGaloisKeys, bool testOnlySmallRing)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(clientPublicKey);
        ArgumentNullException.ThrowIfNull(clientGaloisKeys);
        if (!testOnlySmallRing && context.Parameters.PolyModulusDegree < MinimumPolyModulusDegree)
            throw new ArgumentException(
                $"The server needs N ≥ {MinimumPolyModulusDegree} for noise flooding at σ = 40; the context has N = {context.Parameters.PolyModulusDegree}.",
                nameof(context));
        _testOnlySmallRing = testOnlySmallRing;
        _context = context;
        _galoisKeys = clientGaloisKeys;
        _encoder = new BatchEncoder(context);
        _evaluator = new Evaluator(context);
        try
        {
            _encryptor = new Encryptor(context, clientPublicKey);
        }
        catch
        {
            _evaluator.Dispose();
            _encoder.Dispose();
            throw;
        }
    }

    /// <summary>The smallest ring the server accepts: N = 8192 (218-bit q), the first with room for 40-bit flooding.</summary>
    public const int MinimumPolyModulusDegree = 8192;

    /// <summary>Whether the response noise is flooded (tests turn it off only to measure the noise budget).</summary>
    internal bool FloodNoise { get; init; } = true;

    /// <summary>Computes Enc(M·r − s) for the client's request.</summary>
    /// <param name="plan">The layer's packing (same as the client's).</param>
    /// <param name="weights">M: <see cref="LinearLayerPlan.WeightCount"/> residues mod p, laid out as the geometry says.</param>
    /// <param name="request">The client's serialized Enc(r), <see cref="LinearLayerPlan.InputCiphertextCount"/> of them.</param>
    /// <param name="share">s: <see cref="LinearLayerPlan.OutputCount"/> residues mod p (e.g. from <see cref="Arithmetic.PrimeField.SampleUniform"/>).</param>
    /// <param name="compression">SEAL's compression for the response.</param>
    /// <param name="layer">The layer's name, for errors.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="NoiseBudgetException">The plan's noise bound leaves too few bits for flooding at σ = 40 (nothing is evaluated).</exception>
    /// <exception cref="ArgumentException">The plan is for other parameters, or weights / share have the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A weight or share value is not below p.</exception>
    /// <exception cref="ProtocolException">The request (the peer's bytes) has the wrong number of
    /// ciphertexts, or one is malformed or for other parameters (SEAL's validating load failed; the
    /// <see cref="SealFormatException"/> is the inner exception).</exception>
    /// <exception cref="SealException">The Galois keys lack a step the plan needs.</exception>
    /// <exception cref="ObjectDisposedException">The server was disposed.</exception>
    public LinearLayerResponse Evaluate(LinearLayerPlan plan, ReadOnlySpan<ulong> weights, IReadOnlyList<byte[]> request,
        ReadOnlySpan<ulong> share, SealCompression compression = SealCompression.Zstd, string layer = "unnamed")
    {
        var clock = Stopwatch.StartNew();
        LinearLayerChecks.Plan(plan, _context);
        if (FloodNoise && !_testOnlySmallRing)
            ResponseNoiseBound.For(plan, _context).EnsureFloodable(layer);
        var (outputs, evaluation) = EvaluateCore(plan, weights, request, share);
        try
        {
            var response = new byte[outputs.Count][];
            for (int i = 0; i < outputs.Count; i++)
                response[i] = Finish(outputs[i], compression);
            var stats = new LinearLayerStats(
                request.Count, response.Length, request.Sum(b => (long)b.Length), response.Sum(b => (long)b.Length),
                evaluation.MultiplyPlainCount, evaluation.RotationCount, clock.Elapsed);
            return new LinearLayerResponse(response, stats);
        }
        finally
        {
            foreach (var ct in outputs)
                ct.Dispose();
        }
    }

    /// <summary>Releases the SEAL objects (not the keys, which the caller owns). Idempotent.</summary>
    public void Dispose()
    {
        _encryptor.Dispose();
        _evaluator.Dispose();
        _encoder.Dispose();
    }

    /// <summary>Evaluation and masking, before re-randomisation and flooding (tests read the noise budget here).</summary>
    internal (List<Ciphertext> Outputs, LayerEvaluation Evaluation) EvaluateCore(LinearLayerPlan plan, ReadOnlySpan<ulong> weights,
        IReadOnlyList<byte[]> request, ReadOnlySpan<ulong> share)
    {
        LinearLayerChecks.Plan(plan, _context);
        ArgumentNullException.ThrowIfNull(request);
        if (weights.Length != plan.WeightCount)
            throw new ArgumentException($"{weights.Length} weights given; the layer has {plan.WeightCount}.", nameof(weights));
        if (share.Length != plan.OutputCount)
            throw new ArgumentException($"The share has {share.Length} values; the layer has {plan.OutputCount} outputs.", nameof(share));
        if (request.Count != plan.InputCiphertextCount)
            throw new ProtocolException($"The request holds {request.Count} ciphertexts; the layer takes {plan.InputCiphertextCount}.");
        _context.Parameters.Field.CheckResidues(weights, nameof(weights));
        _context.Parameters.Field.CheckResidues(share, nameof(share));

        var inputs = new List<Ciphertext>(request.Count);
        List<Ciphertext>? outputs = null;
        try
        {
            for (int i = 0; i < request.Count; i++)
                inputs.Add(PeerBytes.LoadCiphertext(_context, request[i], $"request ciphertext {i}"));
            var evaluation = new LayerEvaluation(_context, _evaluator, _encoder, _galoisKeys, _encryptor);
            outputs = plan.Evaluate(evaluation, weights, inputs);
            SubtractShare(plan, outputs, share);
            return (outputs, evaluation);
        }
        catch
        {
            if (outputs is not null)
                foreach (var ct in outputs)
                    ct.Dispose();
            throw;
        }
        finally
        {
            foreach (var ct in inputs)
                ct.Dispose();
        }
    }

    // s at the output slots; fresh uniform values at every other slot, so that partial sums the
    // packing leaves there decrypt to one-time-padded noise.
    private void SubtractShare(LinearLayerPlan plan, List<Ciphertext> outputs, ReadOnlySpan<ulong> share)
    {
        int n = _context.SlotCount;
        var pads = new ulong[n * outputs.Count];
        try
        {
            _context.Parameters.Field.FillUniform(pads);
            int[] positions = plan.OutputPositions();
            for (int i = 0; i < positions.Length; i++)
                pads[positions[i]] = share[i];
            for (int i = 0; i < outputs.Count; i++)
            {
                using var plain = _encoder.Encode(pads.AsSpan(i * n, n));
                _evaluator.SubPlain(outputs[i], plain, outputs[i]);
            }
        }
        finally
        {
            Array.Clear(pads);
        }
    }

    private byte[] Finish(Ciphertext output, SealCompression compression)
    {
        using (var zero = _encryptor.EncryptZero())
            _evaluator.Add(output, zero, output);
        if (!FloodNoise)
            return output.Save(compression);
        byte[] raw = output.Save(SealCompression.None);
        NoiseFlooding.Flood(raw, _context);
        if (compression == SealCompression.None)
            return raw;
        using var flooded = Ciphertext.Load(_context, raw);
        return flooded.Save(compression);
    }
}

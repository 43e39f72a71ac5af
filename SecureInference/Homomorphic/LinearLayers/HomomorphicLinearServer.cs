using System.Diagnostics;

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
/// (see <c>NoiseFlooding</c>): statistically hidden when the budget before flooding is at least
/// log2 N + 43 bits, which holds for Delphi's parameters (N = 8192, 41-bit p); the tests check it.</item>
/// </list>
/// </remarks>
public sealed class HomomorphicLinearServer : IDisposable
{
    private readonly SealContext _context;
    private readonly GaloisKeys _galoisKeys;
    private readonly BatchEncoder _encoder;
    private readonly Encryptor _encryptor;
    private readonly Evaluator _evaluator;

    /// <summary>Creates the server's SEAL objects for the client's keys.</summary>
    /// <param name="context">The context (same parameters as the client's).</param>
    /// <param name="clientPublicKey">The client's public key (for re-randomisation).</param>
    /// <param name="clientGaloisKeys">The client's Galois keys, covering <see cref="LinearLayerPlan.RotationSteps"/> of every plan used.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SealException">A key does not belong to the context.</exception>
    /// <exception cref="ObjectDisposedException">An argument was disposed.</exception>
    public HomomorphicLinearServer(SealContext context, PublicKey clientPublicKey, GaloisKeys clientGaloisKeys)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(clientPublicKey);
        ArgumentNullException.ThrowIfNull(clientGaloisKeys);
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

    /// <summary>Whether the response noise is flooded (default true; turn off only to measure the noise budget).</summary>
    public bool FloodNoise { get; init; } = true;

    /// <summary>Computes Enc(M·r − s) for the client's request.</summary>
    /// <param name="plan">The layer's packing (same as the client's).</param>
    /// <param name="weights">M: <see cref="LinearLayerPlan.WeightCount"/> residues mod p, laid out as the geometry says.</param>
    /// <param name="request">The client's serialized Enc(r), <see cref="LinearLayerPlan.InputCiphertextCount"/> of them.</param>
    /// <param name="share">s: <see cref="LinearLayerPlan.OutputCount"/> residues mod p (e.g. from <see cref="Arithmetic.PrimeField.SampleUniform"/>).</param>
    /// <param name="compression">SEAL's compression for the response.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The plan is for other parameters, or weights / share have the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A weight or share value is not below p.</exception>
    /// <exception cref="SealFormatException">The request has the wrong number of ciphertexts, or one is malformed or for other parameters.</exception>
    /// <exception cref="SealException">The Galois keys lack a step the plan needs.</exception>
    /// <exception cref="ObjectDisposedException">The server was disposed.</exception>
    public LinearLayerResponse Evaluate(LinearLayerPlan plan, ReadOnlySpan<ulong> weights, IReadOnlyList<byte[]> request,
        ReadOnlySpan<ulong> share, SealCompression compression = SealCompression.Zstd)
    {
        var clock = Stopwatch.StartNew();
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
            throw new SealFormatException("Ciphertext", "count", $"expected {plan.InputCiphertextCount} ciphertexts, got {request.Count}");
        _context.Parameters.Field.CheckResidues(weights, nameof(weights));
        _context.Parameters.Field.CheckResidues(share, nameof(share));

        var inputs = new List<Ciphertext>(request.Count);
        List<Ciphertext>? outputs = null;
        try
        {
            foreach (byte[] bytes in request)
                inputs.Add(Ciphertext.Load(_context, bytes ?? throw new SealFormatException("Ciphertext", "null", "a request ciphertext is missing")));
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

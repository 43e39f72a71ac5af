using System.Diagnostics;

namespace PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;

/// <summary>
/// Per-machine unit costs (seconds, one core, both parties) of the two encodings, measured once by
/// <see cref="Measure"/>, so that the protocol can pick the cheaper encoding per layer
/// (<see cref="Choose"/>) and report the choice. Estimates count SEAL work only; bytes on the
/// loopback are a small term at ~1 GB/s and are folded into the per-ciphertext costs.
/// </summary>
/// <param name="Coefficient">Coefficient encoding's unit costs (also used to choose its blocking).</param>
/// <param name="SlotInputCiphertext">Slots: client encode + seeded encrypt, server load.</param>
/// <param name="SlotMultiplyPlain">Slots: one multiply_plain (encoding the weights' plaintext included).</param>
/// <param name="SlotRotation">Slots: one rotation (key switch).</param>
/// <param name="SlotOutputCiphertext">Slots: masking, Enc(0), flooding, save; client load, decrypt, decode.</param>
/// <param name="GaloisKeyPerStep">Slots: generating one Galois key (client, once per model; counted per layer as an upper bound).</param>
public sealed record HomomorphicCostModel(
    CoefficientCosts Coefficient,
    double SlotInputCiphertext, double SlotMultiplyPlain, double SlotRotation, double SlotOutputCiphertext, double GaloisKeyPerStep)
{
    /// <summary>Figures measured on the project's shared 2-core machine at N = 8192 (used when nothing was measured).</summary>
    public static HomomorphicCostModel Default { get; } = new(CoefficientCosts.Default, 12e-3, 4.5e-3, 7.5e-3, 20e-3, 10e-3);

    /// <summary>Estimated seconds for a slot-encoded layer.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="plan"/> is null.</exception>
    public double Estimate(LinearLayerPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.InputCiphertextCount * SlotInputCiphertext + plan.MultiplyPlainCount * SlotMultiplyPlain
            + plan.RotationCount * SlotRotation + plan.OutputCiphertextCount * SlotOutputCiphertext
            + plan.RotationSteps.Length * GaloisKeyPerStep;
    }

    /// <summary>Estimated seconds for a coefficient-encoded layer.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="plan"/> is null.</exception>
    public double Estimate(CoefficientLinearPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        // Kernel polynomials are encoded and transformed once per layer: about one product each.
        return Coefficient.Estimate(plan.InputCiphertextCount, plan.MultiplyPlainCount + plan.KernelPolynomialCount, plan.OutputCiphertextCount);
    }

    /// <summary>Chooses the encoding for one layer.</summary>
    /// <param name="requested">What the user asked for; <see cref="HomomorphicEncoding.Auto"/> picks the lower estimate.</param>
    /// <param name="slots">The layer's slot plan.</param>
    /// <param name="coefficient">The layer's coefficient plan.</param>
    /// <exception cref="ArgumentNullException">A plan is null.</exception>
    public EncodingChoice Choose(HomomorphicEncoding requested, LinearLayerPlan slots, CoefficientLinearPlan coefficient)
    {
        double s = Estimate(slots), c = Estimate(coefficient);
        var chosen = requested switch
        {
            HomomorphicEncoding.Slots => HomomorphicEncoding.Slots,
            HomomorphicEncoding.Coefficient => HomomorphicEncoding.Coefficient,
            _ => c <= s ? HomomorphicEncoding.Coefficient : HomomorphicEncoding.Slots,
        };
        return new EncodingChoice(chosen, s, c, requested);
    }

    /// <summary>
    /// Measures the unit costs on this machine in a pooled runtime (about 2–4 s at N = 8192): each
    /// primitive <paramref name="repetitions"/> times after one warm-up, median taken.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="repetitions"/> is below 1.</exception>
    public static HomomorphicCostModel Measure(EncryptionParameters parameters, int repetitions = 5)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfLessThan(repetitions, 1);
        int n = parameters.PolyModulusDegree;
        var field = parameters.Field;
        using var lease = SealRuntimePool.Shared.Lease();
        using var bundle = SealKeyBundle.Create(lease.Runtime, parameters, [1]);
        var context = bundle.Context;
        using var encoder = new BatchEncoder(context);
        using var encryptor = new Encryptor(context, bundle.PublicKey, bundle.SecretKey);
        using var decryptor = new Decryptor(context, bundle.SecretKey);
        using var evaluator = new Evaluator(context);
        ulong[] values = field.SampleUniform(n);
        int primes = CoefficientLinearServer.ChooseResponsePrimes(context);

        byte[] request = [];
        double Time(Action action)
        {
            var samples = new double[repetitions];
            action();
            for (int i = 0; i < repetitions; i++)
            {
                long start = Stopwatch.GetTimestamp();
                action();
                samples[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            }
            Array.Sort(samples);
            return samples[repetitions / 2];
        }

        using var plainSlots = encoder.Encode(values);
        double encrypt = Time(() =>
        {
            using var p = encoder.Encode(values);
            request = encryptor.EncryptSymmetricSerialized(p);
        });
        using var ct = Ciphertext.Load(context, request);
        double load = Time(() => Ciphertext.Load(context, request).Dispose());
        double multiply = Time(() =>
        {
            using var p = encoder.Encode(values);
            evaluator.MultiplyPlain(ct, p).Dispose();
        });
        double rotate = Time(() => evaluator.RotateRows(ct, 1, bundle.GaloisKeys).Dispose());
        double finish = Time(() =>
        {
            using var c = evaluator.SubPlain(ct, plainSlots);
            using var zero = encryptor.EncryptZero();
            evaluator.Add(c, zero, c);
            byte[] raw = c.Save(SealCompression.None);
            NoiseFlooding.Flood(raw, context);
            using var flooded = Ciphertext.Load(context, raw);
            flooded.Save();
        });
        double decrypt = Time(() =>
        {
            using var p = decryptor.Decrypt(ct);
            encoder.Decode(p);
        });
        double galois = Time(() => bundle.KeyGenerator.CreateGaloisKeys([1]).Dispose());

        double coefficientEncrypt = Time(() =>
        {
            using var p = CoefficientCodec.Encode(context, values);
            request = encryptor.EncryptSymmetricSerialized(p);
        });
        using var nttInput = Ciphertext.Load(context, request);
        double toNtt = Time(() =>
        {
            using var c = Ciphertext.Load(context, request);
            CoefficientEvaluation.ToNtt(evaluator, c);
        });
        CoefficientEvaluation.ToNtt(evaluator, nttInput);
        using var kernel = CoefficientCodec.Encode(context, values);
        CoefficientEvaluation.PlainToNtt(evaluator, context, kernel);
        using var acc = evaluator.MultiplyPlain(nttInput, kernel);
        double product = Time(() =>
        {
            using var c = evaluator.MultiplyPlain(nttInput, kernel);
            evaluator.Add(acc, c, acc);
        });
        double coefficientFinish = Time(() =>
        {
            using var c = evaluator.MultiplyPlain(nttInput, kernel);
            CoefficientEvaluation.FromNtt(evaluator, c);
            using (var mask = CoefficientCodec.Encode(context, values))
                evaluator.SubPlain(c, mask, c);
            using var zero = encryptor.EncryptZero();
            evaluator.Add(c, zero, c);
            byte[] raw = c.Save(SealCompression.None);
            NoiseFlooding.Flood(raw, context);
            using var flooded = Ciphertext.Load(context, raw);
            CoefficientEvaluation.ModSwitchToPrimes(evaluator, flooded, primes);
            request = flooded.Save();
        });
        var coefficients = new ulong[n];
        double coefficientDecrypt = Time(() =>
        {
            using var c = Ciphertext.Load(context, request);
            using var p = decryptor.Decrypt(c);
            CoefficientCodec.Decode(context, p, coefficients);
        });

        return new HomomorphicCostModel(
            new CoefficientCosts(coefficientEncrypt + toNtt, product, coefficientFinish - product + coefficientDecrypt),
            encrypt + load, multiply, rotate, finish + decrypt, galois);
    }
}

namespace PiToolkit.SecureInference.Homomorphic.LinearLayers;

/// <summary>
/// The server's working state while evaluating one layer: SEAL objects plus operation counters.
/// Temporary ciphertexts and plaintexts are disposed as soon as they are consumed.
/// </summary>
internal sealed class LayerEvaluation(SealContext context, Evaluator evaluator, BatchEncoder encoder, GaloisKeys galoisKeys, Encryptor encryptor)
{
    public SealContext Context { get; } = context;

    public int SlotCount => Context.SlotCount;

    public int RowSize => Context.Parameters.RowSize;

    public int MultiplyPlainCount { get; private set; }

    public int RotationCount { get; private set; }

    /// <summary>A new ciphertext rotated left by <paramref name="steps"/> within each row.</summary>
    public Ciphertext Rotate(Ciphertext source, int steps)
    {
        RotationCount++;
        return evaluator.RotateRows(source, steps, galoisKeys);
    }

    /// <summary>
    /// accumulator += source ⊙ weights. An all-zero weight vector is skipped: it contributes
    /// nothing, and SEAL refuses the transparent ciphertext it would produce.
    /// </summary>
    public void MultiplyAccumulate(ref Ciphertext? accumulator, Ciphertext source, ReadOnlySpan<ulong> weights)
    {
        if (!weights.ContainsAnyExcept(0UL))
            return;
        using var plain = encoder.Encode(weights);
        MultiplyPlainCount++;
        if (accumulator is null)
        {
            accumulator = evaluator.MultiplyPlain(source, plain);
            return;
        }
        using var product = evaluator.MultiplyPlain(source, plain);
        evaluator.Add(accumulator, product, accumulator);
    }

    /// <summary>
    /// Σ_{i&lt;count} rot(source, i·stride) with O(log count) rotations: S(2m) = S(m) + rot(S(m), m·stride),
    /// S(m+1) = source + rot(S(m), stride). Consumes <paramref name="source"/>.
    /// </summary>
    public Ciphertext SumRotations(Ciphertext source, int count, int stride)
    {
        if (count == 1)
            return source;
        if (count % 2 == 0)
        {
            Ciphertext half = SumRotations(source, count / 2, stride);
            using var shifted = Rotate(half, count / 2 * stride);
            evaluator.Add(half, shifted, half);
            return half;
        }
        using var original = source.Clone();
        Ciphertext rest = SumRotations(source, count - 1, stride);
        using (var shifted = Rotate(rest, stride))
            evaluator.Add(original, shifted, rest);
        return rest;
    }

    /// <summary>The rotation steps <see cref="SumRotations"/> uses, and how many.</summary>
    public static void SumRotationSteps(int count, int stride, ISet<int> steps, ref int rotations)
    {
        if (count == 1)
            return;
        if (count % 2 == 0)
        {
            SumRotationSteps(count / 2, stride, steps, ref rotations);
            steps.Add(count / 2 * stride);
            rotations++;
            return;
        }
        SumRotationSteps(count - 1, stride, steps, ref rotations);
        steps.Add(stride);
        rotations++;
    }

    /// <summary>A fresh public-key encryption of zero (for all-zero weight groups and re-randomisation).</summary>
    public Ciphertext EncryptZero() => encryptor.EncryptZero();

    public Plaintext Encode(ReadOnlySpan<ulong> values) => encoder.Encode(values);

    public void SubPlain(Ciphertext target, Plaintext plain) => evaluator.SubPlain(target, plain, target);

    public void Add(Ciphertext target, Ciphertext other) => evaluator.Add(target, other, target);
}

namespace PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;

/// <summary>
/// The SEAL operations coefficient encoding needs beyond <see cref="Evaluator"/>'s slot API: NTT
/// form for ciphertexts and plaintexts (a ciphertext is transformed once and multiplied by many
/// kernels pointwise, and the products of one output are summed before the one inverse transform),
/// and modulus switching of responses.
/// </summary>
internal static class CoefficientEvaluation
{
    /// <summary>Ciphertext to NTT form, in place.</summary>
    public static void ToNtt(Evaluator evaluator, Ciphertext ciphertext) =>
        ciphertext.Handle.Runtime.Call(ciphertext.Handle.Runtime.Functions.ToNtt, evaluator.Handle, ciphertext.Handle);

    /// <summary>Ciphertext back to coefficient form, in place.</summary>
    public static void FromNtt(Evaluator evaluator, Ciphertext ciphertext) =>
        ciphertext.Handle.Runtime.Call(ciphertext.Handle.Runtime.Functions.FromNtt, evaluator.Handle, ciphertext.Handle);

    /// <summary>
    /// Plaintext to NTT form at the first data level, in place. SEAL lifts coefficients ≥ ⌈t/2⌉ to
    /// negative values here (as multiply_plain does), so small signed weights add little noise.
    /// </summary>
    public static void PlainToNtt(Evaluator evaluator, SealContext context, Plaintext plaintext) =>
        context.Runtime.Call(context.Runtime.Functions.PlainToNtt, evaluator.Handle, context.Handle, plaintext.Handle);

    /// <summary>Switches the ciphertext down to its first <paramref name="primes"/> primes, in place.</summary>
    public static void ModSwitchToPrimes(Evaluator evaluator, Ciphertext ciphertext, int primes) =>
        ciphertext.Handle.Runtime.Call(ciphertext.Handle.Runtime.Functions.ModSwitchToPrimes, evaluator.Handle, ciphertext.Handle, primes);

    /// <summary>How many primes the ciphertext's modulus has.</summary>
    public static int Primes(Ciphertext ciphertext) =>
        Convert.ToInt32(ciphertext.Handle.Runtime.Call(ciphertext.Handle.Runtime.Functions.CiphertextPrimes, ciphertext.Handle));
}

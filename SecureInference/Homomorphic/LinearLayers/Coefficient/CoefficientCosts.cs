namespace PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;

/// <summary>
/// Unit costs (seconds, or any consistent unit) of the three kinds of work a coefficient-encoded layer
/// does, used to choose the blocking and, with <see cref="HomomorphicCostModel"/>, the encoding.
/// </summary>
/// <param name="PerInputCiphertext">Client encode + encrypt, server load + forward NTT, plus its bytes on the wire.</param>
/// <param name="PerProduct">One NTT-domain multiply_plain and add on the server.</param>
/// <param name="PerOutputCiphertext">Server inverse NTT, masking, Enc(0), flooding, modulus switch and save; client load + decrypt, plus bytes.</param>
public sealed record CoefficientCosts(double PerInputCiphertext, double PerProduct, double PerOutputCiphertext)
{
    /// <summary>
    /// Ratios measured on the project's 2-core machine (N = 8192, V8-hosted SEAL): a product in the NTT
    /// domain is about a tenth of a ciphertext's encryption or finishing. Used when no model was measured.
    /// </summary>
    public static CoefficientCosts Default { get; } = new(12e-3, 1.0e-3, 20e-3);

    /// <summary>The estimated time of a layer with the given counts.</summary>
    public double Estimate(int inputCiphertexts, int products, int outputCiphertexts) =>
        inputCiphertexts * PerInputCiphertext + products * PerProduct + outputCiphertexts * PerOutputCiphertext;
}

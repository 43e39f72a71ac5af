namespace PiToolkit.SecureInference.Homomorphic.LinearLayers;

/// <summary>The server's answer for one layer: serialized Enc(M·r − s) and what it cost.</summary>
/// <param name="Ciphertexts">SEAL-serialized ciphertexts, in plan order.</param>
/// <param name="Stats">Counts, bytes and time.</param>
public sealed record LinearLayerResponse(IReadOnlyList<byte[]> Ciphertexts, LinearLayerStats Stats);

namespace PiToolkit.SecureInference.Homomorphic.LinearLayers;

/// <summary>What one homomorphic linear layer cost on the server.</summary>
/// <param name="CiphertextsIn">Ciphertexts the client sent (Enc(r)).</param>
/// <param name="CiphertextsOut">Ciphertexts the server returned (Enc(M·r − s)).</param>
/// <param name="BytesIn">Serialized bytes client → server.</param>
/// <param name="BytesOut">Serialized bytes server → client.</param>
/// <param name="MultiplyPlainCount">multiply_plain operations.</param>
/// <param name="RotationCount">rotate_rows operations (one key switch each when keys for the exact steps exist).</param>
/// <param name="Elapsed">Server time: loading, evaluation, masking, flooding and serialization.</param>
public sealed record LinearLayerStats(
    int CiphertextsIn, int CiphertextsOut, long BytesIn, long BytesOut,
    int MultiplyPlainCount, int RotationCount, TimeSpan Elapsed);

using System.Text.Json.Serialization;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>One step in one phase, both parties' views merged; per-inference medians when over several inferences.</summary>
/// <param name="Step">Step index (−1: session work or the output message).</param>
/// <param name="Name">Layer name.</param>
/// <param name="Kind">Step kind.</param>
/// <param name="Phase">When.</param>
/// <param name="ClientMs">Client wall time.</param>
/// <param name="ServerMs">Server wall time.</param>
/// <param name="BytesClientToServer">Bytes client → server.</param>
/// <param name="BytesServerToClient">Bytes server → client.</param>
/// <param name="MultiplyPlain">HE multiply_plain operations (the server's count).</param>
/// <param name="Rotations">HE rotations (the server's count).</param>
/// <param name="AndGates">AND gates garbled (and evaluated).</param>
/// <param name="ObliviousTransfers">Correlated OTs.</param>
public sealed record LayerCost(
    [property: JsonPropertyName("step")] int Step,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("phase")] string Phase,
    [property: JsonPropertyName("client_ms")] double ClientMs,
    [property: JsonPropertyName("server_ms")] double ServerMs,
    [property: JsonPropertyName("bytes_client_to_server")] long BytesClientToServer,
    [property: JsonPropertyName("bytes_server_to_client")] long BytesServerToClient,
    [property: JsonPropertyName("multiply_plain")] long MultiplyPlain,
    [property: JsonPropertyName("rotations")] long Rotations,
    [property: JsonPropertyName("and_gates")] long AndGates,
    [property: JsonPropertyName("ots")] long ObliviousTransfers)
{
    /// <summary>The HE encoding of a linear layer's offline phase ("slots" or "coefficient") on its offline row; null for other rows.</summary>
    [JsonPropertyName("encoding")] public string? Encoding { get; init; }
}

using System.Text.Json.Serialization;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// What one step cost one party in one phase. Bytes are this party's channel counts (frame headers
/// included); HE operation counts are the server's actual ones (the client reports the plan's).
/// </summary>
/// <param name="Step">Step index; −1 for work outside any step (session setup, the output message).</param>
/// <param name="Name">Layer name.</param>
/// <param name="Kind">Step kind, or "session" / "output".</param>
/// <param name="Phase">When.</param>
/// <param name="Milliseconds">Wall time on this party, including waiting for the peer.</param>
/// <param name="BytesSent">Bytes this party sent.</param>
/// <param name="BytesReceived">Bytes this party received.</param>
/// <param name="MultiplyPlain">HE multiply_plain operations.</param>
/// <param name="Rotations">HE rotations (key switches).</param>
/// <param name="AndGates">AND gates garbled / evaluated.</param>
/// <param name="ObliviousTransfers">Correlated OTs (one per bit of the client's share of a kept ReLU).</param>
public sealed record StepCost(
    [property: JsonPropertyName("step")] int Step,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("phase")] ProtocolPhase Phase,
    [property: JsonPropertyName("ms")] double Milliseconds,
    [property: JsonPropertyName("bytes_sent")] long BytesSent,
    [property: JsonPropertyName("bytes_received")] long BytesReceived,
    [property: JsonPropertyName("multiply_plain")] long MultiplyPlain,
    [property: JsonPropertyName("rotations")] long Rotations,
    [property: JsonPropertyName("and_gates")] long AndGates,
    [property: JsonPropertyName("ots")] long ObliviousTransfers)
{
    /// <summary>The HE encoding of a linear step's offline phase ("slots" or "coefficient"); null for other steps and the online phase.</summary>
    [JsonPropertyName("encoding")] public string? Encoding { get; init; }
}

namespace PiToolkit.SecureInference.Protocol;

/// <summary>The largest magnitude one step's output can reach, against the field's p/2.</summary>
/// <param name="StepIndex">The step.</param>
/// <param name="Name">Its layer name.</param>
/// <param name="BoundBits">log2 of the worst-case magnitude of any output (in field units).</param>
/// <param name="MarginBits">log2((p − 1)/2) − <paramref name="BoundBits"/>: how many bits are left.</param>
public sealed record LayerHeadroom(int StepIndex, string Name, double BoundBits, double MarginBits);

namespace PiToolkit.SecureInference.Protocol;

/// <summary>One input for <see cref="LocalInferenceRunner"/>: already normalised floats and the true label.</summary>
/// <param name="Values">The model's input, normalised as in training (e.g. <c>ModelGraph.NormalizePixels</c>).</param>
/// <param name="Label">The true class.</param>
public sealed record LabelledInput(float[] Values, int Label);

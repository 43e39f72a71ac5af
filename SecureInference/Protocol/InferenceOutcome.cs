using System.Collections.Immutable;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>One image's result for a <see cref="SecureInferenceReport"/>.</summary>
/// <param name="Label">The true label.</param>
/// <param name="Prediction">The protocol's argmax.</param>
/// <param name="FloatPrediction">The float model's argmax (−1 if not computed).</param>
/// <param name="MatchesReference">The protocol's logits are within the reference's stated bound.</param>
/// <param name="EqualsReference">The protocol's logits equal the reference's exactly.</param>
/// <param name="ClientCosts">The client's per-step costs (offline and online).</param>
/// <param name="ServerCosts">The server's per-step costs (offline and online).</param>
public sealed record InferenceOutcome(int Label, int Prediction, int FloatPrediction, bool MatchesReference, bool EqualsReference,
    ImmutableArray<StepCost> ClientCosts, ImmutableArray<StepCost> ServerCosts);

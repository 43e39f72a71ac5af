namespace PiToolkit.SecureInference.Protocol;

/// <summary>What <see cref="PlanBuilder.Build"/> returns: the public plan, the server's weights and the headroom check's figures.</summary>
/// <param name="Plan">Public: both parties.</param>
/// <param name="Weights">Secret: the server only.</param>
/// <param name="Headroom">Worst-case magnitudes per step.</param>
public sealed record CompiledModel(InferencePlan Plan, ModelWeights Weights, HeadroomReport Headroom);

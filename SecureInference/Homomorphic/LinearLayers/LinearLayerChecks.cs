namespace PiToolkit.SecureInference.Homomorphic.LinearLayers;

/// <summary>Argument checks shared by the client and the server (one place, small call sites).</summary>
internal static class LinearLayerChecks
{
    public static void Plan(LinearLayerPlan plan, SealContext context)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Parameters != context.Parameters)
            throw new ArgumentException($"The plan packs for {plan.Parameters}, the context uses {context.Parameters}.", nameof(plan));
    }
}

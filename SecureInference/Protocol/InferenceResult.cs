using System.Collections.Immutable;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>What the client learns from one private inference, and what it cost the client.</summary>
/// <param name="BatchId">The prepared batch the inference consumed.</param>
/// <param name="Output">The logits as residues mod p at the plan's output scale.</param>
/// <param name="Logits">The logits as real values.</param>
/// <param name="Costs">The client's per-step costs, offline then online.</param>
public sealed record InferenceResult(ulong BatchId, ImmutableArray<ulong> Output, ImmutableArray<double> Logits, ImmutableArray<StepCost> Costs)
{
    /// <summary>Index of the largest logit (the first one on ties).</summary>
    public int Prediction
    {
        get
        {
            int best = 0;
            for (int i = 1; i < Logits.Length; i++)
                if (Logits[i] > Logits[best])
                    best = i;
            return best;
        }
    }
}

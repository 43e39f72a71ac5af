namespace PiToolkit.ModelFormat;

/// <summary>
/// A reduced model as a flat dataflow graph of the few operations secure inference needs: batch
/// norm folded away, fully linearized sites removed, partially linearized ones as bitmaps.
/// </summary>
/// <param name="Architecture">Zoo name it came from.</param>
/// <param name="InputShape">Per-sample input shape, C×H×W.</param>
/// <param name="Classes">Length of the output vector.</param>
/// <param name="Mean">Per-channel input normalisation mean (of pixel/255).</param>
/// <param name="Std">Per-channel input normalisation standard deviation.</param>
/// <param name="Nodes">Operations in evaluation order; the last produces the logits.</param>
public sealed record ModelGraph(string Architecture, long[] InputShape, int Classes, double[] Mean, double[] Std, IReadOnlyList<GraphNode> Nodes)
{
    /// <summary>ReLUs the graph evaluates.</summary>
    public long Relus => Nodes.Sum(n => n.Relus);

    /// <summary>Weights and biases stored in the graph.</summary>
    public long Parameters => Nodes.Sum(n => (long)(n.Weight?.Length ?? 0) + (n.Bias?.Length ?? 0));
}

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

    /// <summary>
    /// One image's pixels (C×H×W bytes) as the model's input: pixel/255, then the per-channel
    /// normalisation, as the model was trained.
    /// </summary>
    /// <exception cref="ArgumentException">The pixel count is not a multiple of the channel count.</exception>
    public float[] NormalizePixels(ReadOnlySpan<byte> pixels)
    {
        int channels = Mean.Length;
        if (channels == 0 || pixels.Length % channels != 0)
            throw new ArgumentException($"{pixels.Length} pixels do not split into {channels} channels.", nameof(pixels));
        int perChannel = pixels.Length / channels;
        var input = new float[pixels.Length];
        for (int j = 0; j < input.Length; j++)
        {
            int c = j / perChannel;
            input[j] = (float)((pixels[j] / 255.0 - Mean[c]) / Std[c]);
        }
        return input;
    }
}

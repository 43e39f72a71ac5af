using PiToolkit.ModelFormat;
using PiToolkit.Models.Data;
using PiToolkit.SecureInference.Protocol;

namespace PiToolkit.Bench.Pipeline;

/// <summary>
/// Dataset images as the protocol takes them: normalised as the model was trained, with their labels,
/// and the compile options that go with a model (fixed-point bits, worst-case or calibrated headroom).
/// Shared by <c>pitk pi run</c> and <c>pitk bench pi</c> so both quantize the same way.
/// </summary>
public static class ProtocolInputs
{
    /// <summary>Every image of <paramref name="images"/>, normalised for <paramref name="graph"/>, with its label.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IReadOnlyList<LabelledInput> Labelled(ModelGraph graph, ImageSet images)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(images);
        return [.. Enumerable.Range(0, images.Count)
            .Select(i => new LabelledInput(graph.NormalizePixels(images.Pixels.AsSpan(i * images.ImageSize, images.ImageSize)), images.Labels[i]))];
    }

    /// <summary>
    /// Compile options for <paramref name="graph"/>: f fractional bits, and headroom either from the worst
    /// case over the graph's input range (<paramref name="calibration"/> null) or calibrated on those images.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="graph"/> is null.</exception>
    public static CompileOptions CompileOptions(ModelGraph graph, int fractionalBits, ImageSet? calibration = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return new CompileOptions
        {
            FractionalBits = fractionalBits,
            InputBound = PlanCompiler.InputBound(graph),
            Calibration = calibration is null ? null : [.. Labelled(graph, calibration).Select(i => i.Values)],
        };
    }
}

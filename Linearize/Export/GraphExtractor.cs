using PiToolkit.ModelFormat;
using PiToolkit.Models.Census;
using PiToolkit.Models.Data;
using PiToolkit.Models.Export;
using PiToolkit.Models.Zoo;
using static TorchSharp.torch;

namespace PiToolkit.Linearize.Export;

/// <summary>
/// Turns a zoo model (trained, possibly linearized) into a <see cref="ModelGraph"/>. The model
/// describes its own layers (<see cref="ZooModel.DescribeGraph"/>, folding batch norm and dropping
/// fully linearized sites through <see cref="GraphBuilder"/>); this class prepares it (census,
/// binary masks) and records the input normalisation.
/// </summary>
public static class GraphExtractor
{
    /// <summary>Extracts the graph; <paramref name="normalization"/> is recorded so a client can prepare inputs.</summary>
    /// <exception cref="ArgumentException">A site's mask holds a value other than 0 or 1 (it was never binarized).</exception>
    /// <exception cref="NotSupportedException">The model holds a layer the graph format cannot express.</exception>
    /// <exception cref="ModelFormatException">The described graph breaks a .pim rule (a bug in the model's description).</exception>
    public static ModelGraph Extract(ZooModel model, Normalization normalization)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(normalization);
        ReluCensus.Take(model); // Records every site's activation shape.
        RequireBinaryMasks(model);
        var builder = new GraphBuilder(model.Options.InputShape);
        model.DescribeGraph(builder, GraphBuilder.Input);
        var graph = new ModelGraph(model.Options.Architecture, model.Options.InputShape, model.Options.Classes,
            normalization.Mean, normalization.Std, builder.Nodes.ToList());
        // The same checks a reader applies: a description that breaks them must fail here, not in a server.
        PimValidator.Validate(graph);
        return graph;
    }

    // The graph keeps a site's ReLU where its mask is non-zero; a soft SNL mask (0.3) would be
    // exported as a full ReLU and silently change the model, so only exact 0/1 masks are accepted.
    private static void RequireBinaryMasks(ZooModel model)
    {
        using var _ = no_grad();
        foreach (var (name, site) in model.ReluSites())
        {
            if (site.Mask is null) continue;
            using var soft = site.Mask.ne(0).logical_and(site.Mask.ne(1));
            if (!soft.any().item<bool>()) continue;
            using var values = site.Mask.masked_select(soft);
            float example = values[0].item<float>();
            throw new ArgumentException(
                $"site {name}: mask holds {values.numel()} values that are neither 0 nor 1 (e.g. {example}); binarize the masks before export", nameof(model));
        }
    }
}

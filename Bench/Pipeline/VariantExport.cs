using PiToolkit.Bench.Sweeps.Points;
using PiToolkit.Linearize.Export;
using PiToolkit.Models.Checkpoints;

namespace PiToolkit.Bench.Pipeline;

/// <summary>
/// Turns a finished checkpoint into the <see cref="ModelVariant"/> a point measures: exports its
/// <c>.pim</c> beside it (once) and reads its costs on paper from the manifest's census.
/// </summary>
public static class VariantExport
{
    /// <summary>Name of the exported model inside a point's work folder.</summary>
    public const string PimFile = "model.pim";

    /// <summary>Whether <paramref name="checkpoint"/> holds a finished checkpoint (its manifest is written last).</summary>
    public static bool IsFinished(string checkpoint) => File.Exists(Path.Combine(checkpoint, Checkpoint.ManifestFile));

    /// <summary>Exports <paramref name="checkpoint"/> to <paramref name="pimPath"/> unless already there, and describes it.</summary>
    /// <exception cref="CheckpointFormatException">The checkpoint is unreadable.</exception>
    public static ModelVariant Export(string checkpoint, string pimPath)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(pimPath);
        var manifest = Checkpoint.ReadManifest(checkpoint);
        // The .pim is written atomically by the exporter, so an existing one is complete.
        if (!File.Exists(pimPath))
            ModelExporter.Export(checkpoint, onnxPath: null, pimPath);
        var census = manifest.Census;
        double accuracy = manifest.Accuracy.Test
            ?? throw new CheckpointFormatException($"{checkpoint}: the manifest records no test accuracy");
        return new ModelVariant(Path.GetFullPath(pimPath), accuracy, census.TotalRelus, census.TotalMaxPoolComparisons,
            census.Parameters, census.Macs);
    }
}

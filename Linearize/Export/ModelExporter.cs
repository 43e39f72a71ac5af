using PiToolkit.ModelFormat;
using PiToolkit.Models.Checkpoints;

namespace PiToolkit.Linearize.Export;

/// <summary>
/// The export step behind <c>pitk export</c> and <c>pitk demo</c>: load a checkpoint, extract its
/// graph (batch norm folded, linearized sites removed) and write it as ONNX and/or .pim. It lives
/// here rather than in the CLI so every caller exports the same way.
/// </summary>
public static class ModelExporter
{
    /// <summary>Exports the checkpoint at <paramref name="checkpoint"/>; a null path skips that format.</summary>
    /// <param name="checkpoint">Checkpoint folder (or its manifest.json), trained or linearized.</param>
    /// <param name="onnxPath">ONNX file to write, or null.</param>
    /// <param name="pimPath">.pim file to write, or null.</param>
    /// <returns>The exported graph.</returns>
    /// <exception cref="ArgumentException">Both paths are null: nothing would be written.</exception>
    /// <exception cref="CheckpointFormatException">The checkpoint is missing, invalid or does not match its architecture.</exception>
    /// <exception cref="InvalidOperationException">A site's mask is not binary, so the model cannot be exported as it stands.</exception>
    /// <exception cref="IOException">A file cannot be written; an existing file at that path is left unchanged.</exception>
    public static ModelGraph Export(string checkpoint, string? onnxPath, string? pimPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpoint);
        if (onnxPath is null && pimPath is null)
            throw new ArgumentException("nothing to write: give an ONNX path and/or a .pim path", nameof(onnxPath));
        var (model, manifest) = Checkpoint.Load(checkpoint);
        using (model)
        {
            var graph = GraphExtractor.Extract(model, manifest.Normalization);
            if (onnxPath is not null) OnnxWriter.Write(graph, onnxPath);
            if (pimPath is not null) PimFile.Write(graph, pimPath);
            return graph;
        }
    }
}

using System.CommandLine;
using System.Globalization;
using PiToolkit.Cli.Infrastructure;
using PiToolkit.Linearize.Export;

namespace PiToolkit.Cli.Commands;

/// <summary><c>pitk export</c>: write a (linearized) checkpoint as ONNX and/or the toolkit's .pim model file.</summary>
public static class ExportCommandFactory
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "Checkpoint folder (trained or linearized)", Required = true };
        var onnx = new Option<string?>("--onnx") { Description = "ONNX file to write (opset 13, float32)" };
        var model = new Option<string?>("--model") { Description = "PiToolkit model file (.pim) to write, for secure inference" };
        var command = new Command("export", "Export a checkpoint with batch norm folded and linearized ReLUs removed, as ONNX and/or .pim") { checkpoint, onnx, model };
        command.SetGuardedAction(parse =>
        {
            string? onnxPath = parse.GetValue(onnx), modelPath = parse.GetValue(model);
            if (onnxPath is null && modelPath is null) throw new UserError("nothing to write: give --onnx and/or --model");
            var graph = ModelExporter.Export(parse.GetValue(checkpoint)!, onnxPath, modelPath);
            string written = string.Join("; ", new[] { onnxPath is null ? null : $"ONNX → {onnxPath}", modelPath is null ? null : $"model → {modelPath}" }.OfType<string>());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"exported {graph.Architecture}: {graph.Nodes.Count} nodes, {graph.Relus:N0} ReLUs, {graph.Parameters:N0} parameters; {written}"));
            return 0;
        });
        return command;
    }
}

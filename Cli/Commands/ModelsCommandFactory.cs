using System.CommandLine;
using System.Globalization;
using PiToolkit.Cli.Infrastructure;
using PiToolkit.Models.Census;
using PiToolkit.Models.Data;
using PiToolkit.Models.Zoo;

namespace PiToolkit.Cli.Commands;

/// <summary><c>pitk models</c>: the zoo, with each model's ReLU count, parameters and MACs at its usual input size.</summary>
public static class ModelsCommandFactory
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("models", "List the model zoo with ReLUs, max-pool comparisons, nonlinear operations (their sum), parameters and MACs per model");
        command.SetGuardedAction(_ =>
        {
            var table = new TextTable("model", "dataset", "input", "ReLUs", "maxpool cmp", "nonlinear ops", "params", "MACs", "description");
            foreach (var entry in ModelZoo.Entries)
            {
                var (c, h, w, classes) = DatasetCatalog.Geometry(entry.DefaultDataset);
                using var model = entry.Build(new ModelOptions(entry.Name, classes, c, h, w));
                var census = ReluCensus.Take(model);
                table.Add(entry.Name, entry.DefaultDataset, CensusPrinter.Shape(census.InputShape), N(census.TotalRelus), N(census.TotalMaxPoolComparisons),
                    N(census.TotalNonlinear), N(census.Parameters), N(census.Macs), entry.Description);
            }
            Console.Write(table.ToString());
            Console.WriteLine("Every model also builds with --pooling avg (linear pooling: no secure comparisons).");
            Console.WriteLine($"With --batch-norm (a batch norm after each convolution, for network slimming): {string.Join(", ", ModelZoo.Entries.Where(e => e.OptionalBatchNorm).Select(e => e.Name))}.");
            return 0;
        });
        return command;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

using System.CommandLine;
using PiToolkit.Cli.Commands;

namespace PiToolkit.Cli;

/// <summary>Builds the <c>pitk</c> command tree; each subcommand comes from its own factory.</summary>
public static class RootCommandFactory
{
    /// <summary>The root command with every subcommand attached.</summary>
    public static RootCommand Create()
    {
        var root = new RootCommand("PiToolkit: linearize neural networks to a ReLU budget and run them under two-party secure inference.");
        root.Subcommands.Add(DemoCommandFactory.Create());
        root.Subcommands.Add(ModelsCommandFactory.Create());
        root.Subcommands.Add(TrainCommandFactory.Create());
        root.Subcommands.Add(InfoCommandFactory.Create());
        root.Subcommands.Add(LinearizeCommandFactory.Create());
        root.Subcommands.Add(PruneCommandFactory.Create());
        root.Subcommands.Add(SweepCommandFactory.Create());
        root.Subcommands.Add(ExportCommandFactory.Create());
        root.Subcommands.Add(CircuitCommandFactory.Create());
        root.Subcommands.Add(BenchCommandFactory.Create());
        root.Subcommands.Add(CertCommandFactory.Create());
        root.Subcommands.Add(PiCommandFactory.Create());
        root.Subcommands.Add(ServeCommandFactory.Create());
        root.Subcommands.Add(InferCommandFactory.Create());
        return root;
    }
}

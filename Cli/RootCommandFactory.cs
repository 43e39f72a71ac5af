using System.CommandLine;

namespace PiToolkit.Cli;

/// <summary>Builds the <c>pitk</c> command tree; each subcommand comes from its own factory.</summary>
public static class RootCommandFactory
{
    /// <summary>The root command with every subcommand attached.</summary>
    public static RootCommand Create()
    {
        var root = new RootCommand("PiToolkit: linearize neural networks to a ReLU budget and run them under two-party secure inference.");
        root.Subcommands.Add(Commands.CircuitCommandFactory.Create());
        return root;
    }
}

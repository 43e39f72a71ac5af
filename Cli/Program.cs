namespace PiToolkit.Cli;

/// <summary>The <c>pitk</c> entry point.</summary>
public static class Program
{
    /// <summary>Parses the command line and runs the chosen subcommand.</summary>
    public static int Main(string[] args) => RootCommandFactory.Create().Parse(args).Invoke();
}

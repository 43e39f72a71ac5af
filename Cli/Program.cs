using System.CommandLine;
using System.CommandLine.Parsing;

namespace PiToolkit.Cli;

/// <summary>The <c>pitk</c> entry point.</summary>
public static class Program
{
    /// <summary>Parses the command line and runs the chosen subcommand; a parse error is one line on stderr and exit code 1.</summary>
    public static int Main(string[] args)
    {
        var parse = RootCommandFactory.Create().Parse(args);
        if (parse.Errors.Count == 0)
        {
            // `pitk serve` handles SIGINT/SIGTERM itself: its grace period outlasts the library's 2 s.
            bool ownSignals = parse.CommandResult.Command.Name == Commands.ServeCommandFactory.Name;
            return parse.Invoke(ownSignals ? new InvocationConfiguration { ProcessTerminationTimeout = null } : new InvocationConfiguration());
        }
        // System.CommandLine would print every error followed by the whole help text; one line is
        // easier to spot, and --help is one flag away.
        string help = $"{CommandPath(parse)} --help";
        string message = string.Join(' ', parse.Errors[0].Message.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Console.Error.WriteLine($"pitk: error: {message} (see `{help}`)");
        return Infrastructure.CommandRunner.UserErrorExitCode;
    }

    // A subcommand's help is reached by its whole path: `pitk bench pi --help`, not `pitk pi --help`.
    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (SymbolResult? result = parse.CommandResult; result is CommandResult { Command: not RootCommand } command; result = result.Parent)
            names.Add(command.Command.Name);
        names.Add("pitk");
        names.Reverse();
        return string.Join(' ', names);
    }
}

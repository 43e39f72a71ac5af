using System.CommandLine;
using System.Text.RegularExpressions;

namespace PiToolkit.Cli.Tests;

/// <summary>Keeps the README's command examples from drifting away from the real command line.</summary>
public sealed partial class ReadmeTests
{
    private static string Readme => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "README.md"));

    [GeneratedRegex(@"`pitk ([^`]+)`")]
    private static partial Regex InlineCommand();

    [GeneratedRegex(@"^pitk (.+?)(\s+#.*)?$", RegexOptions.Multiline)]
    private static partial Regex BlockCommand();

    public static TheoryData<string> Commands()
    {
        var commands = InlineCommand().Matches(Readme).Select(m => m.Groups[1].Value)
            .Concat(BlockCommand().Matches(Readme).Select(m => m.Groups[1].Value))
            .Where(c => !c.Contains('<') && !c.Contains('…'))
            .Distinct();
        var data = new TheoryData<string>();
        foreach (var c in commands) data.Add(c);
        return data;
    }

    [Fact]
    public void The_README_shows_commands()
    {
        Assert.True(Commands().Count >= 5);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Every_pitk_command_in_the_README_parses(string command)
    {
        // A bare mention such as `pitk train` may omit required options; what must not happen is a
        // subcommand, option or value the real command line does not know.
        var parse = RootCommandFactory.Create().Parse(command);
        Assert.DoesNotContain(parse.Errors, e => e.Message.Contains("nrecognized", StringComparison.Ordinal) || e.Message.Contains("not recognized", StringComparison.Ordinal));
        Assert.DoesNotContain(parse.Errors, e => e.Message.Contains("Cannot parse", StringComparison.Ordinal));
    }
}

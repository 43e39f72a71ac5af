using System.CommandLine;
using System.Text.RegularExpressions;

namespace PiToolkit.Cli.Tests;

/// <summary>Keeps the command examples of the README and of docs/ from drifting away from the real command line.</summary>
public sealed partial class ReadmeTests
{
    private static string RepoRoot => Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..");

    /// <summary>The README followed by every page under docs/, so a command moved between them stays checked.</summary>
    private static string Readme => string.Join("\n", new[] { Path.Combine(RepoRoot, "README.md") }
        .Concat(Directory.GetFiles(Path.Combine(RepoRoot, "docs"), "*.md").Order(StringComparer.Ordinal))
        .Select(File.ReadAllText));

    [GeneratedRegex(@"`pitk ([^`]+)`")]
    private static partial Regex InlineCommand();

    [GeneratedRegex(@"^pitk (.+?)(\s+#.*)?$", RegexOptions.Multiline)]
    private static partial Regex BlockCommand();

    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (var c in CommandTexts()) data.Add(c);
        return data;
    }

    private static IEnumerable<string> CommandTexts() =>
        InlineCommand().Matches(Readme).Select(m => m.Groups[1].Value)
            .Concat(BlockCommand().Matches(Readme).Select(m => m.Groups[1].Value))
            .Where(c => !c.Contains('<') && !c.Contains('…'))
            .Distinct();

    [Fact]
    public void The_README_shows_commands()
    {
        Assert.True(CommandTexts().Count() >= 5);
    }

    [Fact]
    public void The_docs_pages_are_read_too()
    {
        // docs/linearization.md holds the linearize and sweep examples that left the README.
        Assert.Contains(CommandTexts(), c => c.StartsWith("sweep --checkpoint runs/lenet5 --budgets", StringComparison.Ordinal));
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

using PiToolkit.Models.Checkpoints;

namespace PiToolkit.Cli.Tests;

public sealed class CommandLineTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pitk-cli-").FullName;

    [Fact]
    public void Models_lists_the_zoo_with_census_figures()
    {
        var (code, output, _) = PitkRunner.Run("models");
        Assert.Equal(0, code);
        Assert.Matches(@"lenet5\s+mnist\s+1×28×28\s+4,684\s+3,360", output);
        Assert.Matches(@"resnet18\s+cifar10\s+3×32×32\s+557,056", output);
    }

    [Fact]
    public void Train_writes_a_checkpoint_that_info_describes()
    {
        string run = Path.Combine(_folder, "run");
        var train = PitkRunner.Run("train", "--model", "mlp", "--dataset", "synthetic", "--epochs", "1", "--width", "0.25", "--out", run, "--threads", "1");
        Assert.True(train.Code == 0, train.Error);
        Assert.Contains("test accuracy", train.Out);
        Assert.Contains("classifier.relu1", train.Out);
        var manifest = Checkpoint.ReadManifest(run);
        Assert.Equal("mlp", manifest.Model.Architecture);
        Assert.Equal(75 + 25, manifest.Census.TotalRelus);

        var info = PitkRunner.Run("info", run);
        Assert.Equal(0, info.Code);
        Assert.Contains("architecture: mlp", info.Out);
        Assert.Matches(@"classifier\.relu1\s+75\s+75", info.Out);
        Assert.Contains($"test {manifest.Accuracy.Test!.Value.ToString("P2", System.Globalization.CultureInfo.InvariantCulture)}", info.Out);
    }

    [Fact]
    public void Info_on_an_architecture_name_prints_its_census()
    {
        var (code, output, _) = PitkRunner.Run("info", "resnet32");
        Assert.Equal(0, code);
        Assert.Contains("total: 303,104 ReLUs over 31 sites", output);
    }

    [Theory]
    [InlineData(new[] { "info", "/no/such/checkpoint" }, "neither a checkpoint")]
    [InlineData(new[] { "train", "--model", "nope", "--out", "x" }, "'nope' not recognized")]
    [InlineData(new[] { "train", "--epochs", "0", "--out", "x" }, "--epochs must be a positive whole number")]
    [InlineData(new[] { "train", "--dataset", "cifar10", "--out", "x" }, "cifar10 needs --data")]
    [InlineData(new[] { "train" }, "--out")]
    public void User_mistakes_give_one_line_on_stderr_and_exit_code_1(string[] args, string expected)
    {
        var (code, output, error) = PitkRunner.Run(args);
        Assert.Equal(1, code);
        Assert.Contains(expected, error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith("pitk: error:", error);
        Assert.DoesNotContain("   at ", error + output);
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "pitk --help")]
    [InlineData(new[] { "train", "--epochs", "0", "--out", "x" }, "pitk train --help")]
    [InlineData(new[] { "bench", "pi", "--checkpoint", "c", "--out", "x", "--epochs", "0" }, "pitk bench pi --help")]
    [InlineData(new[] { "pi", "run", "--bogus" }, "pitk pi run --help")]
    public void A_parse_error_points_at_the_help_of_the_whole_subcommand(string[] args, string help)
    {
        var (code, _, error) = PitkRunner.Run(args);
        Assert.Equal(1, code);
        Assert.EndsWith($"(see `{help}`)", error.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_checkpoint_is_reported_not_thrown()
    {
        string run = Path.Combine(_folder, "bad");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, Checkpoint.ManifestFile), "[1, 2");
        var (code, _, error) = PitkRunner.Run("info", run);
        Assert.Equal(1, code);
        Assert.Contains("not a valid manifest", error);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

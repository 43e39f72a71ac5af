namespace PiToolkit.Cli.Tests.Commands;

public sealed class PruneCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pitk-prune-cli-").FullName;

    [Theory]
    [InlineData(new[] { "prune", "--checkpoint", "x", "--out", "y" }, "give exactly one target")]
    [InlineData(new[] { "prune", "--checkpoint", "x", "--out", "y", "--sparsity", "50%", "--relus", "10" }, "give exactly one target")]
    [InlineData(new[] { "prune", "--checkpoint", "x", "--out", "y", "--sparsity", "150%" }, "sparsity must be in [0%, 100%)")]
    [InlineData(new[] { "prune", "--checkpoint", "x", "--out", "y", "--sparsity", "half" }, "is not a fraction")]
    [InlineData(new[] { "prune", "--checkpoint", "x", "--out", "y", "--sparsity", "0.5", "--rewind-epoch", "1" }, "belong to --schedule imp")]
    [InlineData(new[] { "prune", "--checkpoint", "x", "--out", "y", "--sparsity", "0.5", "--criterion", "snip", "--schedule", "gradual" }, "use --schedule oneshot")]
    [InlineData(new[] { "prune", "--checkpoint", "x", "--out", "y", "--relus", "10", "--structure", "unstructured" }, "needs channel pruning")]
    [InlineData(new[] { "prune", "--checkpoint", "/no/such/checkpoint", "--out", "y", "--sparsity", "0.5" }, "not a checkpoint")]
    public void Bad_pruning_requests_give_one_line_and_exit_code_1(string[] args, string expected)
    {
        var (code, output, error) = PitkRunner.Run(args);
        Assert.Equal(1, code);
        Assert.Contains(expected, error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", error + output);
    }

    [Fact]
    public void A_channel_pruned_checkpoint_is_smaller_and_info_shows_the_record()
    {
        string trained = Path.Combine(_folder, "trained"), pruned = Path.Combine(_folder, "pruned");
        Assert.Equal(0, PitkRunner.Run("train", "--model", "mlp", "--dataset", "synthetic", "--epochs", "1", "--width", "0.25", "--train-limit", "500", "--out", trained, "--threads", "1").Code);
        var (code, output, error) = PitkRunner.Run("prune", "--checkpoint", trained, "--out", pruned, "--sparsity", "50%", "--finetune-epochs", "1",
            "--train-limit", "500", "--threads", "1");
        Assert.True(code == 0, error);
        Assert.Contains("achieved 50.0 % sparsity", output);
        var (infoCode, info, _) = PitkRunner.Run("info", pruned);
        Assert.Equal(0, infoCode);
        Assert.Contains("pruned:       channel magnitude, global scope, oneshot schedule", info);
        Assert.Contains("classifier.fc1", info);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

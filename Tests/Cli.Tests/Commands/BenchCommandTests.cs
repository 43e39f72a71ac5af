using System.CommandLine;
using PiToolkit.Bench.Sweeps.Points;
using PiToolkit.Bench.Sweeps.Reporting;
using PiToolkit.Bench.Sweeps.Running;
using PiToolkit.Bench.Sweeps.Store;
using PiToolkit.Cli.Commands;
using PiToolkit.Models.Checkpoints;

namespace PiToolkit.Cli.Tests.Commands;

public sealed class BenchCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pitk-bench-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string TrainTinyCheckpoint()
    {
        string run = Path.Combine(_folder, "mlp");
        var train = PitkRunner.Run("train", "--model", "mlp", "--dataset", "synthetic", "--epochs", "1", "--width", "0.25", "--out", run, "--threads", "1");
        Assert.True(train.Code == 0, train.Error);
        return run;
    }

    [Theory]
    [InlineData("--methods", "snl,snll", "--methods: 'snll' is not a method")]
    [InlineData("--budgets", "30,-5", "--budgets: '-5' is neither a ReLU count")]
    [InlineData("--seeds", "1,1", "--seeds: 1 is listed twice")]
    [InlineData("--images", "0", "--images must be a positive whole number")]
    [InlineData("--workers", "-2", "--workers must be a positive whole number")]
    public void Bad_options_fail_with_one_line(string option, string value, string message)
    {
        var (code, _, error) = PitkRunner.Run("bench", "pi", "--checkpoint", "/no/such/checkpoint", "--out", Path.Combine(_folder, "out"), option, value);
        Assert.Equal(1, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_missing_checkpoint_is_one_line()
    {
        var (code, _, error) = PitkRunner.Run("bench", "pi", "--checkpoint", "/no/such/checkpoint", "--out", Path.Combine(_folder, "out"));
        Assert.Equal(1, code);
        Assert.StartsWith("pitk: error: /no/such/checkpoint", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_max_pooling_checkpoint_is_refused_before_any_point_runs()
    {
        string run = Path.Combine(_folder, "lenet5-max");
        var train = PitkRunner.Run("train", "--model", "lenet5", "--dataset", "synthetic", "--epochs", "1", "--train-limit", "200", "--out", run, "--threads", "1");
        Assert.True(train.Code == 0, train.Error);
        string output = Path.Combine(_folder, "out-max");

        var (code, _, error) = PitkRunner.Run("bench", "pi", "--checkpoint", run, "--budgets", "30", "--seeds", "1", "--out", output);

        Assert.Equal(1, code);
        Assert.Contains("uses max pooling (3,360 secure comparisons)", error, StringComparison.Ordinal);
        Assert.Contains("--pooling avg", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void More_images_than_the_test_set_are_refused_before_any_point_runs()
    {
        string checkpoint = TrainTinyCheckpoint();
        string output = Path.Combine(_folder, "out-images");

        var (code, _, error) = PitkRunner.Run("bench", "pi", "--checkpoint", checkpoint, "--budgets", "30", "--seeds", "1", "--images", "1001", "--out", output);

        Assert.Equal(1, code);
        Assert.Contains("--images 1001: synthetic has 1,000 test images", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Pi_linearizes_prunes_exports_and_measures_every_point_under_the_protocol()
    {
        string checkpoint = TrainTinyCheckpoint();
        long sourceRelus = Checkpoint.ReadManifest(checkpoint).Census.TotalRelus;
        string output = Path.Combine(_folder, "bench");
        var (code, stdout, error) = PitkRunner.Run("bench", "pi", "--checkpoint", checkpoint, "--methods", "snl,random,prune-channel-taylor",
            "--budgets", "0,8,all", "--seeds", "1", "--images", "3", "--epochs", "2", "--max-mask-epochs", "1", "--threads", "1", "--workers", "1",
            "--out", output);

        Assert.True(code == 0, error);
        Assert.Contains("mlp: 9 points (3 methods × 3 budgets × 1 seeds), 2 weight-training epochs each, 0 already recorded", stdout, StringComparison.Ordinal);
        var report = ResultsJson.Parse(File.ReadAllText(Path.Combine(output, BenchReporter.JsonFile)));
        Assert.Equal(9, report.Points.Count);
        foreach (var point in report.Points)
        {
            string what = $"{point.Key.Method} at {point.Key.Budget}";
            if (point.Key.Method == BenchMethods.PruneChannelTaylor && point.Key.Budget == BenchBudget.Of(0))
            {
                // Removing every channel of a layer leaves no network: recorded as a failure, not measured.
                Assert.True(point.Measurement is not null || point.Failure is not null, what);
                continue;
            }
            Assert.True(point.Measurement is not null, $"{what}: {point.Failure}");
            var (variant, protocol) = (point.Measurement!.Variant, point.Measurement.Protocol);
            long expected = point.Key.Budget.Relus ?? sourceRelus;
            if (point.Key.Method == BenchMethods.PruneChannelTaylor)
                Assert.InRange(variant.Relus, 0, expected);
            else
                Assert.Equal(expected, variant.Relus);
            Assert.Equal(3, protocol.Images);
            Assert.InRange(protocol.Accuracy, 0, 1);
            // Every kept ReLU is one garbled comparison circuit; no ReLU, no AND gate.
            Assert.Equal(variant.Relus > 0, protocol.AndGates > 0);
            Assert.True(protocol.OfflineBytes > 0 && protocol.OnlineBytes > 0 && protocol.HeMultiplyPlain > 0, what);
            Assert.True(File.Exists(variant.PimPath), variant.PimPath);
        }
        // Budget all is one control model per seed and budget 0 one fully linear model, whatever the method:
        // computed once (snl, first in the queue), repeated by the rest.
        Assert.Equal(["mlp_prune-channel-taylor_all_s1", "mlp_random_0_s1", "mlp_random_all_s1"],
            report.Points.Where(p => p.SameModelAs is not null).Select(p => p.Key.Id).Order(StringComparer.Ordinal));
        Assert.Equal("mlp_snl_all_s1", report.Points.Single(p => p.Key.Id == "mlp_random_all_s1").SameModelAs);
        // The control is finetuned like every other point, not the source checkpoint itself.
        Assert.True(Directory.Exists(Path.Combine(output, "work", "mlp_snl_all_s1", "control")));
    }

    [Fact]
    public void With_an_evaluator_pi_runs_resumably_and_writes_every_report()
    {
        string checkpoint = TrainTinyCheckpoint();
        string output = Path.Combine(_folder, "bench");
        var evaluators = new CountingEvaluators();
        string[] args = ["pi", "--checkpoint", checkpoint, "--methods", "snl,random,layerwise", "--budgets", "0,30,all", "--seeds", "1,2", "--images", "10", "--out", output, "--workers", "2"];

        Assert.Equal(0, Invoke(BenchCommandFactory.Create(evaluators), args));
        Assert.Equal(18, evaluators.Count);
        Assert.Equal(0, Invoke(BenchCommandFactory.Create(evaluators), args));
        Assert.Equal(18, evaluators.Count); // the rerun found every point recorded

        var report = ResultsJson.Parse(File.ReadAllText(Path.Combine(output, BenchReporter.JsonFile)));
        Assert.Equal(18, report.Points.Count);
        Assert.Equal(10, report.Settings!.Images);
        Assert.Equal("mlp", report.Settings.Model);
        Assert.True(File.Exists(Path.Combine(output, BenchReporter.PlotsFolder, "mlp-accuracy-vs-relus.png")));
    }

    [Fact]
    public void Report_rebuilds_the_files_of_a_run_folder_and_prices_configurations()
    {
        string output = Path.Combine(_folder, "bench");
        var store = new PointStore(output);
        int configuration = 0;
        foreach (string method in new[] { "snl", "random" })
            foreach (long budget in new long[] { 30, 100, 300 })
                store.Save(new BenchPoint(new BenchPointKey("lenet5-avg", method, BenchBudget.Of(budget), 1),
                    CountingEvaluators.Measurement(budget, configuration++), null, 1, DateTime.UtcNow));
        string predict = Path.Combine(_folder, "predict.csv");
        File.WriteAllText(predict, "name,relus,and_gates,he_multiply_plain,he_rotations,layers\nresnet32 all,303104,60000000,900000,40000,64\n");

        var (code, stdout, error) = PitkRunner.Run("bench", "report", "--out", output, "--predict", predict);

        Assert.True(code == 0, error);
        Assert.Contains("## lenet5-avg", stdout, StringComparison.Ordinal);
        Assert.Contains("| resnet32 all (predicted) |", stdout, StringComparison.Ordinal);
        foreach (string file in new[] { BenchReporter.CsvFile, BenchReporter.JsonFile, BenchReporter.MarkdownFile })
            Assert.True(File.Exists(Path.Combine(output, file)), file);
    }

    [Fact]
    public void Report_on_a_folder_without_points_is_one_line()
    {
        var (code, _, error) = PitkRunner.Run("bench", "report", "--out", _folder);
        Assert.Equal(1, code);
        Assert.Contains("no finished points", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Workers_share_the_cores_for_training_unless_threads_are_given()
    {
        var template = new PiToolkit.Linearize.LinearizationSpec("ckpt", "out", new PiToolkit.Linearize.ReluBudget(1, null), PiToolkit.Linearize.LinearizationMethod.Snl);
        int cores = Environment.ProcessorCount;
        Assert.Equal(1, BenchCommandFactory.WithThreadsPerWorker(template, cores).Threads);
        Assert.Equal(1, BenchCommandFactory.WithThreadsPerWorker(template, cores * 4).Threads);
        Assert.Equal(cores, BenchCommandFactory.WithThreadsPerWorker(template, 1).Threads);
        Assert.Equal(3, BenchCommandFactory.WithThreadsPerWorker(template with { Threads = 3 }, cores).Threads);
    }

    [Fact]
    public void The_pipeline_names_one_model_for_budget_all_under_every_method_and_for_budget_0_under_the_linearization_methods()
    {
        var pipeline = new PiToolkit.Bench.Pipeline.BenchPipeline(
            new PiToolkit.Linearize.LinearizationSpec("ckpt", "out", new PiToolkit.Linearize.ReluBudget(1, null)),
            PiToolkit.Models.Data.SyntheticImages.Generate(1, 1, 28, 28, 10, seed: 1));
        string? Name(string method, BenchBudget budget, int seed = 1) => pipeline.ModelIdentity(new BenchPointKey("lenet5-avg", method, budget, seed));

        Assert.NotNull(Name("snl", BenchBudget.All));
        Assert.All(BenchMethods.Known, m => Assert.Equal(Name("snl", BenchBudget.All), Name(m, BenchBudget.All)));
        Assert.NotEqual(Name("snl", BenchBudget.All), Name("snl", BenchBudget.All, seed: 2));
        Assert.NotNull(Name("snl", BenchBudget.Of(0)));
        Assert.Equal(Name("snl", BenchBudget.Of(0)), Name("random", BenchBudget.Of(0)));
        Assert.Equal(Name("snl", BenchBudget.Of(0)), Name("layerwise", BenchBudget.Of(0)));
        Assert.NotEqual(Name("snl", BenchBudget.Of(0)), Name("snl", BenchBudget.All));
        Assert.Null(Name("prune-channel-taylor", BenchBudget.Of(0)));
        Assert.Null(Name("snl", BenchBudget.Of(30)));
        Assert.Null(Name("prune+snl", BenchBudget.Of(1000)));
    }

    private static int Invoke(Command command, string[] args)
    {
        var (oldOut, oldError) = (Console.Out, Console.Error);
        Console.SetOut(TextWriter.Null);
        Console.SetError(TextWriter.Null);
        try
        {
            return command.Parse(args).Invoke();
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }

    /// <summary>A stand-in for the real point computation: made-up numbers for a test of the command's plumbing only.</summary>
    private sealed class CountingEvaluators : IPointEvaluatorFactory, IPointEvaluator
    {
        private int _count;
        public int Count => _count;

        public static PointMeasurement Measurement(long relus, int salt) => new(
            new ModelVariant("model.pim", 0.9, relus, 0, 1_000, 10_000),
            new ProtocolMeasurement(10, 0.8 + relus / 10_000.0, 0.9, 5 + salt % 3, 100 + 7 * salt, 10 + salt, 300 * relus + 50 * salt, 16 * relus,
                100 + salt, 100 + salt, 120 + salt, 1 + relus / 100.0, 1, 2 + relus / 100.0, 1_000_000 + salt, 2_000_000, 1_000 * relus + 10, 64 * relus + 5));

        public IPointEvaluator CreateWorker(int worker) => this;

        public ValueTask<PointMeasurement> EvaluateAsync(PointContext context, CancellationToken cancellationToken)
        {
            int salt = Interlocked.Increment(ref _count);
            return ValueTask.FromResult(Measurement(context.Key.Budget.Relus ?? 100, salt));
        }
    }
}

using PiToolkit.Linearize.Snl;
using PiToolkit.Linearize.Sweeps;
using PiToolkit.Models.Checkpoints;

namespace PiToolkit.Linearize.Tests.Sweeps;

public sealed class LinearizationSweepTests(TrainedModelFixture trained) : IClassFixture<TrainedModelFixture>
{
    private static readonly SweepResult[] SnlRuns =
    [
        new("snl", 100, 100, 0.97, 0.97, 10, "a", Seed: 1, NonlinearOperations: 100, MaskEpochs: 4, FinetuneEpochs: 1, MaskCapHit: true),
        new("snl", 100, 100, 0.98, 0.98, 10, "b", Seed: 2, NonlinearOperations: 100, MaskEpochs: 3, FinetuneEpochs: 2),
    ];

    private string Table(SnlOptions snl, IReadOnlyList<SweepResult> results) =>
        LinearizationSweep.Markdown(results, Checkpoint.ReadManifest(trained.Checkpoint),
            new LinearizationSpec(trained.Checkpoint, "unused", new ReluBudget(100, null), Snl: snl), [1, 2]);

    [Fact]
    public void Table_names_the_pacing_variant_its_initial_lambda_cap_and_how_often_the_cap_was_hit()
    {
        string md = Table(new SnlOptions(InitialLambda: 0.01, MaxEpochs: 4, PaceEpochs: 3), SnlRuns);
        Assert.Contains("the pacing variant (λ ×2 after an epoch that ends above a geometric pace reaching the budget in 3 epochs", md);
        Assert.Contains("initial λ 0.01, mask phase capped at 4 epochs", md);
        Assert.Contains("in 1 of 2 SNL runs", md);
    }

    [Fact]
    public void Table_names_the_reference_rule_by_default_and_says_nothing_about_SNL_without_SNL_rows()
    {
        Assert.Contains("the reference λ rule (×1.1 after an epoch that sets no new minimum of alive ReLUs, from epoch 5), initial λ 1E-05",
            Table(new SnlOptions(), SnlRuns));
        Assert.DoesNotContain("SNL rows:", Table(new SnlOptions(), [SnlRuns[0] with { Method = "random" }]));
    }
}

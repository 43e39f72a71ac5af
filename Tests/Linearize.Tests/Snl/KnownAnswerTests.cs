using PiToolkit.Linearize.Baselines;
using PiToolkit.Linearize.Masks;
using PiToolkit.Linearize.Snl;
using PiToolkit.Models.Training;

namespace PiToolkit.Linearize.Tests.Snl;

/// <summary>On <see cref="KnownAnswerProblem"/>, where exactly two ReLUs matter, SNL must find them and random must not.</summary>
public sealed class KnownAnswerTests
{
    private static List<(int Site, int Index)> Kept(bool[][] keep) =>
        keep.SelectMany((site, s) => site.Select((k, i) => (k, s, i)).Where(t => t.k).Select(t => (t.s, t.i))).ToList();

    [Fact]
    public void The_hand_built_model_solves_the_task_and_needs_its_two_ReLUs()
    {
        using var problem = new KnownAnswerProblem();
        Assert.True(Evaluation.Accuracy(problem.Teacher, problem.Splits.Test) > 0.99);
        var all = SiteMasks.EntriesPerSite(problem.Student, MaskGranularity.Pixel).Select(n => Enumerable.Repeat(true, n).ToArray()).ToArray();
        foreach (var (site, index) in KnownAnswerProblem.Needed) all[site][index] = false;
        SiteMasks.ApplyBinary(problem.Student, MaskGranularity.Pixel, all);
        Assert.InRange(Evaluation.Accuracy(problem.Student, problem.Splits.Test), 0.4, 0.6);
    }

    [Fact]
    public void SNL_keeps_exactly_the_two_ReLUs_that_matter_where_random_selection_does_not()
    {
        Reproducibility.Configure(seed: 1, threads: 1);
        using var problem = new KnownAnswerProblem();
        var entries = SiteMasks.EntriesPerSite(problem.Student, MaskGranularity.Pixel);
        // The weights are frozen so that the answer stays known: trained freely, the idle units
        // could learn to compute |h| themselves (a ReLU anywhere can), and then other ReLUs would
        // matter too. What is tested is the mask phase's ranking.
        foreach (var p in problem.Student.parameters()) p.requires_grad = false;

        var (units, history) = SnlMaskSearch.Run(problem.Student, problem.Teacher, problem.Splits, MaskGranularity.Pixel, budget: 2,
            new SnlOptions(InitialLambda: 1e-4, MaxEpochs: 3, LearningRate: 0.01, BatchSize: 128), seed: 1);
        var (snlKeep, achieved) = BudgetSelector.Select(units, entries, 2);
        Assert.Equal(2, achieved);
        Assert.Equal(KnownAnswerProblem.Needed, Kept(snlKeep));
        SiteMasks.ApplyBinary(problem.Student, MaskGranularity.Pixel, snlKeep);
        Assert.True(Evaluation.Accuracy(problem.Student, problem.Splits.Test) > 0.95, "SNL's two ReLUs should still solve the task");
        Assert.NotEmpty(history);

        using var fresh = new KnownAnswerProblem();
        var (randomKeep, _) = BudgetSelector.Select(RandomSelection.Units(fresh.Student, MaskGranularity.Pixel, seed: 1), entries, 2);
        Assert.NotEqual(KnownAnswerProblem.Needed, Kept(randomKeep));
        SiteMasks.ApplyBinary(fresh.Student, MaskGranularity.Pixel, randomKeep);
        Assert.True(Evaluation.Accuracy(fresh.Student, fresh.Splits.Test) < 0.8, "two random ReLUs of 80 should not solve the task");
    }

    [Fact]
    public void Criticality_finds_the_site_that_matters_and_the_layer_baseline_keeps_it_whole()
    {
        using var problem = new KnownAnswerProblem();
        var criticality = LayerwiseSelection.Criticality(problem.Student, problem.Splits.Validation, MaskGranularity.Pixel);
        // Linearizing site 0 changes nothing; linearizing site 1 drops accuracy to about one half.
        Assert.Equal(0, criticality[0], 6);
        Assert.InRange(criticality[1], 0.4, 0.6);

        var entries = SiteMasks.EntriesPerSite(problem.Student, MaskGranularity.Pixel);
        var (keep, achieved) = BudgetSelector.Select(LayerwiseSelection.Units(problem.Student, criticality, MaskGranularity.Pixel, seed: 1), entries, 25);
        Assert.Equal(25, achieved);
        Assert.All(keep[1], Assert.True);                 // the critical site first, whole
        Assert.Equal(5, keep[0].Count(k => k));          // the remainder from the next site
    }
}

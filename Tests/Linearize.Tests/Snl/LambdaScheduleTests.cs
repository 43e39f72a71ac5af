using PiToolkit.Linearize.Snl;

namespace PiToolkit.Linearize.Tests.Snl;

/// <summary>
/// The λ rules against sequences worked out by hand from their definitions (docs/linearization.md):
/// reference ×1.1 after an epoch (1-based, from epoch 5) that sets no new minimum of alive ReLUs;
/// pacing ×boost after an epoch above capacity·(budget/capacity)^(epoch/paceEpochs).
/// </summary>
public sealed class LambdaScheduleTests
{
    private static readonly SnlOptions Reference = new(InitialLambda: 1e-5);

    private static void Expect(double lambda, LambdaStep step, (double Lambda, LambdaStep Step) actual)
    {
        Assert.Equal(lambda, actual.Lambda, 15);
        Assert.Equal(step, actual.Step);
    }

    [Fact]
    public void The_reference_rule_grows_lambda_only_after_an_epoch_without_a_new_minimum_from_epoch_5_on()
    {
        // Alive counts after epochs 1..8 and the λ each following epoch must use, by hand:
        // e1 4000 new minimum → 1e-5; e2 3500 new → 1e-5; e3 3500 equal, but e3 < 5 → 1e-5;
        // e4 3400 new → 1e-5; e5 3400 equal and e5 ≥ 5 → 1.1e-5; e6 3450 above the minimum → 1.21e-5;
        // e7 3300 new → 1.21e-5; e8 3300 equal → 1.331e-5.
        long[] alive = [4000, 3500, 3500, 3400, 3400, 3450, 3300, 3300];
        double[] expected = [1e-5, 1e-5, 1e-5, 1e-5, 1.1e-5, 1.21e-5, 1.21e-5, 1.331e-5];
        LambdaStep[] steps = [LambdaStep.Kept, LambdaStep.Kept, LambdaStep.Kept, LambdaStep.Kept, LambdaStep.Growth, LambdaStep.Growth, LambdaStep.Kept, LambdaStep.Growth];
        double lambda = 1e-5;
        long fewest = long.MaxValue;
        for (int e = 1; e <= alive.Length; e++)
        {
            (lambda, var step) = LambdaSchedule.Next(Reference, lambda, e, alive[e - 1], fewest, capacity: 4684, budget: 100);
            fewest = Math.Min(fewest, alive[e - 1]);
            Assert.Equal(expected[e - 1], lambda, 15);
            Assert.Equal(steps[e - 1], step);
        }
    }

    [Fact]
    public void The_reference_rule_ignores_the_pace_even_far_above_it()
    {
        // 4,684 alive after epoch 3 is far above any pace towards 10, and it is a new minimum: λ stays.
        Expect(2e-5, LambdaStep.Kept, LambdaSchedule.Next(Reference, 2e-5, 3, 4684, long.MaxValue, 4684, 10));
    }

    [Fact]
    public void The_growth_start_epoch_is_an_option()
    {
        var early = Reference with { GrowthFromEpoch = 2, LambdaGrowth = 1.5 };
        Expect(3e-5, LambdaStep.Growth, LambdaSchedule.Next(early, 2e-5, 2, 500, 500, 1000, 10));
        Expect(2e-5, LambdaStep.Kept, LambdaSchedule.Next(early, 2e-5, 1, 500, 500, 1000, 10));
    }

    [Fact]
    public void The_pacing_variant_multiplies_by_the_boost_above_the_pace_and_falls_back_to_the_reference_rule_below_it()
    {
        // Capacity 1,000, budget 10, 2 pace epochs: the pace is 1000·0.01^(1/2) = 100 after epoch 1
        // and 1000·0.01 = 10 after epoch 2 and later.
        var paced = Reference with { PaceEpochs = 2, PaceBoost = 3 };
        Assert.Equal(100, LambdaSchedule.Pace(1000, 10, 1, 2), 9);
        Assert.Equal(10, LambdaSchedule.Pace(1000, 10, 2, 2), 9);
        Assert.Equal(10, LambdaSchedule.Pace(1000, 10, 7, 2), 9);

        // e1: 500 > 100 → ×3.
        Expect(3e-5, LambdaStep.Pace, LambdaSchedule.Next(paced, 1e-5, 1, 500, long.MaxValue, 1000, 10));
        // e1: 80 ≤ 100, a new minimum → kept (the reference rule).
        Expect(1e-5, LambdaStep.Kept, LambdaSchedule.Next(paced, 1e-5, 1, 80, long.MaxValue, 1000, 10));
        // e2: 50 > 10 → ×3, even though 50 is a new minimum.
        Expect(3e-5, LambdaStep.Pace, LambdaSchedule.Next(paced, 1e-5, 2, 50, 80, 1000, 10));
        // e6: 10 is on the pace (not above); no new minimum after epoch 5 → the reference ×1.1.
        Expect(1.1e-5, LambdaStep.Growth, LambdaSchedule.Next(paced, 1e-5, 6, 10, 10, 1000, 10));
    }

    [Fact]
    public void A_budget_of_zero_paces_towards_one_ReLU()
    {
        // 1000·(1/1000)^(1/2) ≈ 31.62: the pace cannot aim at zero on a geometric path.
        Assert.Equal(Math.Sqrt(1000), LambdaSchedule.Pace(1000, 0, 1, 2), 9);
    }

    [Fact]
    public void Nonsense_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LambdaSchedule.Next(Reference, 1e-5, 0, 10, 10, 100, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => LambdaSchedule.Next(Reference, 0, 1, 10, 10, 100, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => LambdaSchedule.Next(Reference, 1e-5, 1, -1, 10, 100, 1));
    }
}

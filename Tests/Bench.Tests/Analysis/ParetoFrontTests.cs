using PiToolkit.Bench.Sweeps.Analysis;

namespace PiToolkit.Bench.Tests.Analysis;

public class ParetoFrontTests
{
    private sealed record P(string Name, double Accuracy, double Cost);

    private static IReadOnlyList<string> Front(params P[] points) => [.. ParetoFront.Of(points, p => p.Accuracy, p => p.Cost).Select(p => p.Name)];

    [Fact]
    public void A_hand_made_set_keeps_exactly_the_undominated_points_by_increasing_cost()
    {
        var front = Front(
            new P("a", 0.90, 30),
            new P("b", 0.95, 100),
            new P("c", 0.93, 120),   // dominated by b: less accurate and costlier
            new P("d", 0.99, 1000),
            new P("e", 0.80, 10),
            new P("f", 0.80, 20),    // dominated by e: as accurate, costlier
            new P("g", 0.99, 1500),  // dominated by d: as accurate, costlier
            new P("h", 0.97, 1000)); // dominated by d: as costly, less accurate
        Assert.Equal(["e", "a", "b", "d"], front);
    }

    [Fact]
    public void Identical_points_are_both_kept()
    {
        Assert.Equal(["snl", "random", "top"], Front(new P("snl", 0.9, 30), new P("random", 0.9, 30), new P("top", 0.95, 300)));
    }

    [Fact]
    public void Points_without_a_finite_value_are_not_candidates()
    {
        Assert.Equal(["ok"], Front(new P("nan", double.NaN, 1), new P("inf", 1.0, double.PositiveInfinity), new P("ok", 0.5, 5)));
    }

    [Fact]
    public void The_most_accurate_and_the_cheapest_point_are_always_on_the_front()
    {
        var random = new Random(7);
        var points = Enumerable.Range(0, 200).Select(i => new P($"p{i}", random.NextDouble(), random.NextDouble() * 1000)).ToArray();
        var front = Front(points);
        Assert.Contains(points.MaxBy(p => p.Accuracy)!.Name, front);
        Assert.Contains(points.MinBy(p => p.Cost)!.Name, front);
        // Along the front, accuracy strictly rises with cost.
        var byName = points.ToDictionary(p => p.Name);
        var accuracies = front.Select(n => byName[n].Accuracy).ToList();
        Assert.True(accuracies.Zip(accuracies.Skip(1)).All(pair => pair.Second > pair.First));
    }
}

using PiToolkit.Bench.Sweeps.CostModel;

namespace PiToolkit.Bench.Tests.CostModel;

public class NonNegativeLeastSquaresTests
{
    [Fact]
    public void An_exact_non_negative_solution_is_recovered_across_wildly_different_scales()
    {
        // Columns from 1 to millions, as the cost features are.
        double[] truth = [3.0, 0.02, 4e-6, 0.0, 7.5];
        var random = new Random(11);
        int rows = 40;
        var a = new double[rows, truth.Length];
        var b = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            double[] row = [1, random.Next(0, 20_000), random.Next(0, 5_000_000), random.Next(0, 3_000), random.Next(2, 12)];
            for (int j = 0; j < row.Length; j++)
            {
                a[i, j] = row[j];
                b[i] += truth[j] * row[j];
            }
        }
        var x = NonNegativeLeastSquares.Solve(a, b);
        for (int j = 0; j < truth.Length; j++) Assert.Equal(truth[j], x[j], 1e-6 * Math.Max(1, truth[j]));
    }

    [Fact]
    public void A_coefficient_the_data_wants_negative_is_held_at_zero()
    {
        // Unconstrained, x = (2, -1) fits exactly. With x ≥ 0: x2 = 0 and x1 = argmin (x1−2)² + (x1−1)² = 1.5.
        double[,] a = { { 1, 0 }, { 0, 1 }, { 1, 1 } };
        double[] b = [2, -1, 1];
        var x = NonNegativeLeastSquares.Solve(a, b);
        Assert.Equal(1.5, x[0], 12);
        Assert.Equal(0, x[1]);
    }

    [Fact]
    public void An_all_zero_column_gets_a_zero_coefficient()
    {
        double[,] a = { { 1, 0 }, { 2, 0 }, { 3, 0 } };
        var x = NonNegativeLeastSquares.Solve(a, [2, 4, 6]);
        Assert.Equal(2, x[0], 12);
        Assert.Equal(0, x[1]);
    }

    [Fact]
    public void Mismatched_shapes_and_non_finite_values_are_refused()
    {
        Assert.Throws<ArgumentException>(() => NonNegativeLeastSquares.Solve(new double[3, 2], [1, 2]));
        Assert.Throws<ArgumentException>(() => NonNegativeLeastSquares.Solve(new double[1, 1] { { double.NaN } }, [1]));
    }
}

namespace PiToolkit.Bench.Sweeps.CostModel;

/// <summary>
/// Least squares with non-negative coefficients: minimize ‖Ax − b‖ subject to x ≥ 0, by the active-set
/// method of Lawson and Hanson (Solving Least Squares Problems, 1974, ch. 23).
/// </summary>
/// <remarks>
/// Costs are sums of non-negative per-operation prices; an unconstrained fit on a few noisy points
/// happily trades a negative price for ReLUs against a larger one for AND gates (the two are nearly
/// proportional), which then extrapolates badly. Columns are scaled to unit norm before solving, since
/// the features span a constant 1 to millions of AND gates; each passive-set subproblem is solved by
/// Householder QR on the scaled columns.
/// </remarks>
public static class NonNegativeLeastSquares
{
    /// <summary>The x ≥ 0 that minimizes ‖Ax − b‖ for <paramref name="a"/> (rows × columns) and <paramref name="b"/>.</summary>
    /// <exception cref="ArgumentException">The shapes disagree, or a value is not finite.</exception>
    public static double[] Solve(double[,] a, double[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int m = a.GetLength(0), n = a.GetLength(1);
        if (b.Length != m) throw new ArgumentException($"b has {b.Length} rows, A has {m}", nameof(b));
        foreach (double v in a) if (!double.IsFinite(v)) throw new ArgumentException("A has a non-finite value", nameof(a));
        foreach (double v in b) if (!double.IsFinite(v)) throw new ArgumentException("b has a non-finite value", nameof(b));

        var scale = new double[n];
        var scaled = new double[m, n];
        for (int j = 0; j < n; j++)
        {
            double norm = 0;
            for (int i = 0; i < m; i++) norm += a[i, j] * a[i, j];
            scale[j] = Math.Sqrt(norm);
            for (int i = 0; i < m; i++) scaled[i, j] = scale[j] > 0 ? a[i, j] / scale[j] : 0;
        }
        double bNorm = Math.Sqrt(b.Sum(v => v * v));
        double tolerance = 1e-12 * Math.Max(1, bNorm);

        var x = new double[n];
        var passive = new bool[n];
        for (int outer = 0; outer < 3 * n + 3; outer++)
        {
            var w = Gradient(scaled, b, x);
            int best = -1;
            for (int j = 0; j < n; j++)
                if (!passive[j] && scale[j] > 0 && w[j] > tolerance && (best < 0 || w[j] > w[best])) best = j;
            if (best < 0) break;
            passive[best] = true;
            for (int inner = 0; inner <= n; inner++)
            {
                var z = SolvePassive(scaled, b, passive);
                bool feasible = true;
                for (int j = 0; j < n; j++) if (passive[j] && z[j] <= 0) feasible = false;
                if (feasible)
                {
                    x = z;
                    break;
                }
                // Step from x towards z as far as feasibility allows, then free the coefficients that hit zero.
                double alpha = double.PositiveInfinity;
                for (int j = 0; j < n; j++)
                    if (passive[j] && z[j] <= 0) alpha = Math.Min(alpha, x[j] / (x[j] - z[j]));
                for (int j = 0; j < n; j++)
                {
                    x[j] += alpha * (z[j] - x[j]);
                    if (passive[j] && x[j] <= tolerance * 1e-3)
                    {
                        passive[j] = false;
                        x[j] = 0;
                    }
                }
            }
        }
        var result = new double[n];
        for (int j = 0; j < n; j++) result[j] = scale[j] > 0 ? Math.Max(0, x[j]) / scale[j] : 0;
        return result;
    }

    // w = Aᵀ(b − Ax): the directions in which the residual still falls.
    private static double[] Gradient(double[,] a, double[] b, double[] x)
    {
        int m = a.GetLength(0), n = a.GetLength(1);
        var residual = new double[m];
        for (int i = 0; i < m; i++)
        {
            double r = b[i];
            for (int j = 0; j < n; j++) r -= a[i, j] * x[j];
            residual[i] = r;
        }
        var w = new double[n];
        for (int j = 0; j < n; j++)
            for (int i = 0; i < m; i++) w[j] += a[i, j] * residual[i];
        return w;
    }

    // Unconstrained least squares on the passive columns (others fixed at 0), by Householder QR.
    private static double[] SolvePassive(double[,] a, double[] b, bool[] passive)
    {
        int m = a.GetLength(0), n = a.GetLength(1);
        var columns = Enumerable.Range(0, n).Where(j => passive[j]).ToArray();
        int k = columns.Length;
        var r = new double[m, k];
        for (int i = 0; i < m; i++)
            for (int c = 0; c < k; c++) r[i, c] = a[i, columns[c]];
        var y = (double[])b.Clone();
        int steps = Math.Min(m, k);
        for (int c = 0; c < steps; c++)
        {
            double norm = 0;
            for (int i = c; i < m; i++) norm += r[i, c] * r[i, c];
            norm = Math.Sqrt(norm);
            if (norm == 0) continue;
            double alpha = r[c, c] > 0 ? -norm : norm;
            var v = new double[m];
            v[c] = r[c, c] - alpha;
            for (int i = c + 1; i < m; i++) v[i] = r[i, c];
            double vv = 0;
            for (int i = c; i < m; i++) vv += v[i] * v[i];
            if (vv == 0) continue;
            for (int col = c; col < k; col++)
            {
                double dot = 0;
                for (int i = c; i < m; i++) dot += v[i] * r[i, col];
                double f = 2 * dot / vv;
                for (int i = c; i < m; i++) r[i, col] -= f * v[i];
            }
            double dy = 0;
            for (int i = c; i < m; i++) dy += v[i] * y[i];
            double fy = 2 * dy / vv;
            for (int i = c; i < m; i++) y[i] -= fy * v[i];
        }
        // Back substitution; a (numerically) dependent column gets 0, leaving the others to explain b.
        var solution = new double[k];
        double largest = 0;
        for (int c = 0; c < steps; c++) largest = Math.Max(largest, Math.Abs(r[c, c]));
        for (int c = steps - 1; c >= 0; c--)
        {
            if (Math.Abs(r[c, c]) <= 1e-12 * largest) continue;
            double s = y[c];
            for (int col = c + 1; col < k; col++) s -= r[c, col] * solution[col];
            solution[c] = s / r[c, c];
        }
        var z = new double[n];
        for (int c = 0; c < k; c++) z[columns[c]] = solution[c];
        return z;
    }
}

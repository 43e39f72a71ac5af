namespace PiToolkit.Bench.Sweeps.CostModel;

/// <summary>A fitted cost: a non-negative price per term of <see cref="CostFeatures"/>.</summary>
/// <param name="Target">What it predicts.</param>
/// <param name="Coefficients">Price per unit of each term, keyed by <see cref="CostFeatures.TermNames"/>.</param>
public sealed record LinearCostModel(CostTarget Target, IReadOnlyDictionary<string, double> Coefficients)
{
    /// <summary>The predicted cost of <paramref name="features"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="features"/> is null.</exception>
    /// <exception cref="InvalidOperationException">A term has no coefficient (a hand-edited model).</exception>
    public double Predict(CostFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var row = features.ToVector();
        double sum = 0;
        for (int i = 0; i < row.Length; i++)
        {
            string term = CostFeatures.TermNames[i];
            if (!Coefficients.TryGetValue(term, out double price))
                throw new InvalidOperationException($"the {Target.Name()} model has no coefficient for {term}");
            sum += price * row[i];
        }
        return sum;
    }
}

using System.Globalization;

namespace PiToolkit.Bench.Sweeps.Analysis;

/// <summary>The mean and sample standard deviation of a few values (the seeds of one configuration).</summary>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="Std">Sample standard deviation (n − 1 in the denominator); 0 for a single value.</param>
/// <param name="Count">Values summarized.</param>
public readonly record struct MeanStd(double Mean, double Std, int Count)
{
    /// <summary>Summarizes <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty.</exception>
    public static MeanStd Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = values.ToList();
        if (list.Count == 0) throw new ArgumentException("no values to summarize", nameof(values));
        double mean = list.Average();
        // Sample deviation: three seeds are a sample of the seeds one could have drawn.
        double std = list.Count > 1 ? Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1)) : 0;
        return new MeanStd(mean, std, list.Count);
    }

    /// <summary>Formats as <c>mean ± std</c> with <paramref name="format"/>, or the mean alone for one value.</summary>
    public string ToString(string format, double scale = 1) => Count > 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(Mean * scale).ToString(format, CultureInfo.InvariantCulture)} ± {(Std * scale).ToString(format, CultureInfo.InvariantCulture)}")
        : (Mean * scale).ToString(format, CultureInfo.InvariantCulture);
}

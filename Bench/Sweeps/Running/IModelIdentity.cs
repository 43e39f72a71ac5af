using PiToolkit.Bench.Sweeps.Points;

namespace PiToolkit.Bench.Sweeps.Running;

/// <summary>
/// Optional for an <see cref="IPointEvaluatorFactory"/>: names the model each point builds, so that
/// points building the same model are computed once and share the measurement. Budget <c>all</c> is
/// the trained checkpoint under every method, and budget 0 the same fully linear model under every
/// linearization method; measuring those again would only repeat the same work.
/// </summary>
public interface IModelIdentity
{
    /// <summary>
    /// A name shared by exactly the points that build the same model as <paramref name="key"/>, or null
    /// when no other point builds it.
    /// </summary>
    string? ModelIdentity(BenchPointKey key);
}

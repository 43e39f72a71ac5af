namespace PiToolkit.Bench.Sweeps.Points;

/// <summary>
/// One finished benchmark point: its key and either its measurement or why it produced none (a
/// training run that diverged is a result to record, not a reason to lose the rest of a sweep).
/// </summary>
/// <param name="Key">Which point.</param>
/// <param name="Measurement">What was measured; null when <paramref name="Failure"/> says why not.</param>
/// <param name="Failure">Why the point has no measurement, or null.</param>
/// <param name="Seconds">Wall time spent on the point, training included.</param>
/// <param name="FinishedUtc">When the point finished.</param>
/// <param name="SameModelAs">
/// The id of the point whose measurement (or failure) this one repeats because both build the same
/// model (see <see cref="Running.IModelIdentity"/>); null when the point was computed itself.
/// </param>
public sealed record BenchPoint(BenchPointKey Key, PointMeasurement? Measurement, string? Failure, double Seconds, DateTime FinishedUtc,
    string? SameModelAs = null)
{
    /// <summary>Whether the point was measured.</summary>
    public bool Succeeded => Measurement is not null;
}

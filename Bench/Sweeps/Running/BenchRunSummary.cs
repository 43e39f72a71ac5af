namespace PiToolkit.Bench.Sweeps.Running;

/// <summary>What a call to <see cref="BenchRunner.RunAsync(Store.PointStore, Store.BenchSettings, IPointEvaluatorFactory, IBenchProgress?, CancellationToken)"/> did.</summary>
/// <param name="Total">Points asked for.</param>
/// <param name="Skipped">Points already recorded, not computed again.</param>
/// <param name="Measured">Points computed and measured in this run.</param>
/// <param name="Failed">Points computed in this run that recorded a failure.</param>
public sealed record BenchRunSummary(int Total, int Skipped, int Measured, int Failed);

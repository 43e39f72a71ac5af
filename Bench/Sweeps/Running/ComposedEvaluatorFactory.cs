namespace PiToolkit.Bench.Sweeps.Running;

/// <summary>
/// Makes a <see cref="ComposedPointEvaluator"/> per worker from per-worker builders and measurers:
/// what <c>pitk bench pi</c> is handed once linearization, pruning and the protocol exist, e.g.
/// <c>new ComposedEvaluatorFactory(w =&gt; new MethodBuilder(...), w =&gt; new LoopbackMeasurer(...))</c>.
/// </summary>
public sealed class ComposedEvaluatorFactory : IPointEvaluatorFactory
{
    private readonly Func<int, IVariantBuilder> _builder;
    private readonly Func<int, IProtocolMeasurer> _measurer;

    /// <summary>Uses <paramref name="builder"/> and <paramref name="measurer"/> to make each worker's halves (called with the worker index).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ComposedEvaluatorFactory(Func<int, IVariantBuilder> builder, Func<int, IProtocolMeasurer> measurer)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(measurer);
        (_builder, _measurer) = (builder, measurer);
    }

    /// <inheritdoc/>
    public IPointEvaluator CreateWorker(int worker) => new ComposedPointEvaluator(_builder(worker), _measurer(worker));
}

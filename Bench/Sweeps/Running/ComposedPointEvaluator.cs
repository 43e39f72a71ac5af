using PiToolkit.Bench.Sweeps.Points;

namespace PiToolkit.Bench.Sweeps.Running;

/// <summary>
/// An evaluator made of its two halves: a <see cref="IVariantBuilder"/> makes the model, then a
/// <see cref="IProtocolMeasurer"/> runs the protocol on it. Disposes both if they are disposable.
/// </summary>
public sealed class ComposedPointEvaluator : IPointEvaluator, IAsyncDisposable
{
    private readonly IVariantBuilder _builder;
    private readonly IProtocolMeasurer _measurer;

    /// <summary>Composes <paramref name="builder"/> and <paramref name="measurer"/>; the evaluator owns both.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ComposedPointEvaluator(IVariantBuilder builder, IProtocolMeasurer measurer)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(measurer);
        (_builder, _measurer) = (builder, measurer);
    }

    /// <inheritdoc/>
    public async ValueTask<PointMeasurement> EvaluateAsync(PointContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.ReportPhase("build model");
        var variant = await _builder.BuildAsync(context, cancellationToken).ConfigureAwait(false);
        context.ReportPhase("protocol");
        var protocol = await _measurer.MeasureAsync(variant, context, cancellationToken).ConfigureAwait(false);
        return new PointMeasurement(variant, protocol);
    }

    /// <summary>Disposes the builder and the measurer.</summary>
    public async ValueTask DisposeAsync()
    {
        await DisposeOneAsync(_builder).ConfigureAwait(false);
        await DisposeOneAsync(_measurer).ConfigureAwait(false);
    }

    private static async ValueTask DisposeOneAsync(object part)
    {
        if (part is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        else if (part is IDisposable disposable) disposable.Dispose();
    }
}

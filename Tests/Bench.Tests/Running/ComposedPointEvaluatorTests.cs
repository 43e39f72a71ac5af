using PiToolkit.Bench.Sweeps.Points;
using PiToolkit.Bench.Sweeps.Running;

namespace PiToolkit.Bench.Tests.Running;

public class ComposedPointEvaluatorTests
{
    private sealed class Builder : IVariantBuilder, IDisposable
    {
        public bool Disposed { get; private set; }
        public ModelVariant Variant { get; } = Samples.Measurement().Variant;
        public ValueTask<ModelVariant> BuildAsync(PointContext context, CancellationToken cancellationToken) => ValueTask.FromResult(Variant);
        public void Dispose() => Disposed = true;
    }

    private sealed class Measurer : IProtocolMeasurer, IAsyncDisposable
    {
        public bool Disposed { get; private set; }
        public ModelVariant? Given { get; private set; }
        public ValueTask<ProtocolMeasurement> MeasureAsync(ModelVariant variant, PointContext context, CancellationToken cancellationToken)
        {
            Given = variant;
            return ValueTask.FromResult(Samples.Measurement(images: context.Settings.Images).Protocol);
        }

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task The_protocol_measures_the_variant_the_builder_made_and_both_are_disposed()
    {
        var (builder, measurer) = (new Builder(), new Measurer());
        var phases = new List<string>();
        var evaluator = new ComposedPointEvaluator(builder, measurer);
        var context = new PointContext(Samples.Point().Key, Samples.Settings(images: 77), Path.GetTempPath(), 0, phases.Add);

        var measurement = await evaluator.EvaluateAsync(context, CancellationToken.None);
        await evaluator.DisposeAsync();

        Assert.Same(builder.Variant, measurer.Given);
        Assert.Same(builder.Variant, measurement.Variant);
        Assert.Equal(77, measurement.Protocol.Images);
        Assert.Equal(["build model", "protocol"], phases);
        Assert.True(builder.Disposed);
        Assert.True(measurer.Disposed);
    }

    [Fact]
    public async Task A_failure_to_build_never_reaches_the_protocol()
    {
        var measurer = new Measurer();
        var evaluator = new ComposedPointEvaluator(new FailingBuilder(), measurer);
        var context = new PointContext(Samples.Point().Key, Samples.Settings(), Path.GetTempPath(), 0, _ => { });
        await Assert.ThrowsAsync<PointFailedException>(() => evaluator.EvaluateAsync(context, CancellationToken.None).AsTask());
        Assert.Null(measurer.Given);
    }

    private sealed class FailingBuilder : IVariantBuilder
    {
        public ValueTask<ModelVariant> BuildAsync(PointContext context, CancellationToken cancellationToken) =>
            throw new PointFailedException("training diverged");
    }
}

using PiToolkit.Bench.Sweeps.Points;
using PiToolkit.Bench.Sweeps.Running;

namespace PiToolkit.Bench.Tests.Running;

public class MethodVariantBuilderTests
{
    private sealed class Named(string name) : IVariantBuilder, IDisposable
    {
        public int Disposals { get; private set; }
        public ValueTask<ModelVariant> BuildAsync(PointContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Samples.Measurement().Variant with { PimPath = name });
        public void Dispose() => Disposals++;
    }

    private static PointContext For(string method) =>
        new(new BenchPointKey("lenet5", method, BenchBudget.Of(30), 1), Samples.Settings(), Path.GetTempPath(), 0, _ => { });

    [Fact]
    public async Task Each_method_reaches_its_builder_and_a_shared_builder_is_disposed_once()
    {
        var (linearize, prune) = (new Named("linearize"), new Named("prune"));
        var router = new MethodVariantBuilder(new Dictionary<string, IVariantBuilder>
        {
            ["snl"] = linearize, ["random"] = linearize, ["prune-channel-taylor"] = prune,
        });
        Assert.Equal("linearize", (await router.BuildAsync(For("random"), CancellationToken.None)).PimPath);
        Assert.Equal("prune", (await router.BuildAsync(For("prune-channel-taylor"), CancellationToken.None)).PimPath);
        await router.DisposeAsync();
        Assert.Equal((1, 1), (linearize.Disposals, prune.Disposals));
    }

    [Fact]
    public async Task An_unregistered_method_is_a_wiring_error_not_a_recorded_failure()
    {
        var router = new MethodVariantBuilder(new Dictionary<string, IVariantBuilder> { ["snl"] = new Named("x") });
        var e = await Assert.ThrowsAsync<NotSupportedException>(() => router.BuildAsync(For("prune+snl"), CancellationToken.None).AsTask());
        Assert.Contains("prune+snl", e.Message, StringComparison.Ordinal);
    }
}

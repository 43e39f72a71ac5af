using PiToolkit.Bench.Sweeps.Points;
using PiToolkit.Bench.Sweeps.Running;
using PiToolkit.ModelFormat;
using PiToolkit.Models.Data;
using PiToolkit.SecureInference.Protocol;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.Bench.Pipeline;

/// <summary>
/// Measures a point's model as <c>pitk pi run</c> does: both parties in this process over loopback
/// TCP, the first <c>Images</c> test images, each with its own offline and online phase. Costs are
/// per inference (medians over the images); a model that cannot be compiled into the field (e.g. no
/// headroom, or max pooling) is recorded as a failed point with the compiler's reason.
/// </summary>
public sealed class LoopbackProtocolMeasurer : IProtocolMeasurer
{
    // LayerCost spells the phase in lower case, as the JSON report does.
    private static readonly string Offline = nameof(ProtocolPhase.Offline).ToLowerInvariant();
    private static readonly string Online = nameof(ProtocolPhase.Online).ToLowerInvariant();

    private readonly ImageSet _test;
    private readonly ProtocolOptions? _options;

    /// <summary>Measures on the first images of <paramref name="test"/>, the dataset's test set (loaded once and shared by every worker).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="test"/> is null.</exception>
    public LoopbackProtocolMeasurer(ImageSet test, ProtocolOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(test);
        (_test, _options) = (test, options);
    }

    /// <inheritdoc/>
    public async ValueTask<ProtocolMeasurement> MeasureAsync(ModelVariant variant, PointContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(variant);
        ArgumentNullException.ThrowIfNull(context);
        var graph = PimFile.Read(variant.PimPath);
        CompiledModel compiled;
        try
        {
            compiled = PlanCompiler.Compile(graph, ProtocolInputs.CompileOptions(graph, CompileOptions.DefaultFractionalBits));
        }
        catch (ModelCompilationException e)
        {
            throw new PointFailedException($"cannot run under the protocol: {e.Message}", e);
        }
        var test = _test.Take(context.Settings.Images);
        var inputs = ProtocolInputs.Labelled(graph, test);
        var report = await LocalInferenceRunner.RunAsync(graph, compiled, inputs, LoopbackTransport.Tcp, _options, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return ToMeasurement(report);
    }

    /// <summary>The bench's per-inference figures from a protocol report (sums of its per-layer medians).</summary>
    public static ProtocolMeasurement ToMeasurement(SecureInferenceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var offline = report.Layers.Where(l => l.Phase == Offline).ToList();
        var online = report.Layers.Where(l => l.Phase == Online).ToList();
        var perInference = offline.Concat(online).ToList();
        return new ProtocolMeasurement(
            Images: report.Images,
            Accuracy: report.Accuracy,
            FloatAccuracy: report.FloatAccuracy,
            Layers: perInference.Where(l => l.Step >= 0).Select(l => l.Step).Distinct().Count(),
            HeMultiplyPlain: perInference.Sum(l => l.MultiplyPlain),
            HeRotations: perInference.Sum(l => l.Rotations),
            AndGates: perInference.Sum(l => l.AndGates),
            ObliviousTransfers: perInference.Sum(l => l.ObliviousTransfers),
            ClientOfflineMs: offline.Sum(l => l.ClientMs),
            ServerOfflineMs: offline.Sum(l => l.ServerMs),
            OfflineMs: report.OfflineMs,
            ClientOnlineMs: online.Sum(l => l.ClientMs),
            ServerOnlineMs: online.Sum(l => l.ServerMs),
            OnlineMs: report.OnlineMs,
            OfflineClientToServerBytes: offline.Sum(l => l.BytesClientToServer),
            OfflineServerToClientBytes: offline.Sum(l => l.BytesServerToClient),
            OnlineClientToServerBytes: online.Sum(l => l.BytesClientToServer),
            OnlineServerToClientBytes: online.Sum(l => l.BytesServerToClient));
    }
}

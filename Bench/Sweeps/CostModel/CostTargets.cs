using PiToolkit.Bench.Sweeps.Points;

namespace PiToolkit.Bench.Sweeps.CostModel;

/// <summary>Names and measured values of the <see cref="CostTarget"/>s.</summary>
public static class CostTargets
{
    /// <summary>Every target, in report order.</summary>
    public static IReadOnlyList<CostTarget> All { get; } = [CostTarget.OnlineMs, CostTarget.OfflineMs, CostTarget.OnlineBytes, CostTarget.OfflineBytes];

    /// <summary>The target's name in files (<c>online_ms</c>, …), the same as the result columns it predicts.</summary>
    public static string Name(this CostTarget target) => target switch
    {
        CostTarget.OnlineMs => "online_ms",
        CostTarget.OfflineMs => "offline_ms",
        CostTarget.OnlineBytes => "online_bytes",
        CostTarget.OfflineBytes => "offline_bytes",
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "unknown cost target"),
    };

    /// <summary>The measured value of <paramref name="target"/> in <paramref name="measurement"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="measurement"/> is null.</exception>
    public static double Measured(this CostTarget target, PointMeasurement measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        return target.Measured(measurement.Protocol);
    }

    /// <summary>The measured value of <paramref name="target"/> in a protocol run.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="p"/> is null.</exception>
    public static double Measured(this CostTarget target, ProtocolMeasurement p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return target switch
        {
            CostTarget.OnlineMs => p.OnlineMs,
            CostTarget.OfflineMs => p.OfflineMs,
            CostTarget.OnlineBytes => p.OnlineBytes,
            CostTarget.OfflineBytes => p.OfflineBytes,
            _ => throw new ArgumentOutOfRangeException(nameof(target), target, "unknown cost target"),
        };
    }
}

namespace PiToolkit.Bench.Sweeps.CostModel;

/// <summary>A cost the model predicts, per inference.</summary>
public enum CostTarget
{
    /// <summary>Online wall-clock milliseconds.</summary>
    OnlineMs,
    /// <summary>Offline wall-clock milliseconds.</summary>
    OfflineMs,
    /// <summary>Online bytes, both ways.</summary>
    OnlineBytes,
    /// <summary>Offline bytes, both ways.</summary>
    OfflineBytes,
}

namespace PiToolkit.SecureInference.Hosting;

/// <summary>
/// What one inference cost, as the protocol measured it; the host logs it. Only public costs:
/// never keys, labels, shares, inputs or outputs.
/// </summary>
/// <param name="Offline">Wall time of the offline (input-independent) phase on the server.</param>
/// <param name="Online">Wall time of the online phase on the server.</param>
/// <param name="OfflineBytes">Bytes exchanged in the offline phase, both directions.</param>
/// <param name="OnlineBytes">Bytes exchanged in the online phase, both directions.</param>
public readonly record struct InferenceMetrics(TimeSpan Offline, TimeSpan Online, long OfflineBytes, long OnlineBytes);

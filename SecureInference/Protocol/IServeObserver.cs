namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// What a host (e.g. <c>pitk serve</c>) hooks into <see cref="SecureInferenceServer.Serve"/>: it
/// admits each offline or online request before the server does any work for it (inference limits,
/// shutdown) and hears of each request that finished, to account and log it. Called on the serving
/// thread; implementations must not throw.
/// </summary>
public interface IServeObserver
{
    /// <summary>A request's header has arrived; return false to end <c>Serve</c> without serving it (the host then closes the session).</summary>
    /// <param name="phase"><see cref="ProtocolPhase.Offline"/> or <see cref="ProtocolPhase.Online"/>.</param>
    /// <param name="batchId">The batch the client names (not yet checked).</param>
    bool OnRequest(ProtocolPhase phase, ulong batchId);

    /// <summary>The request finished without error; <see cref="SecureInferenceServer.CostsOf"/> now holds its costs.</summary>
    /// <param name="phase"><see cref="ProtocolPhase.Offline"/> or <see cref="ProtocolPhase.Online"/>.</param>
    /// <param name="batchId">The batch served.</param>
    void OnRequestCompleted(ProtocolPhase phase, ulong batchId);
}

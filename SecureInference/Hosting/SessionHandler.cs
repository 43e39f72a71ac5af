using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Hosting;

/// <summary>
/// Runs one admitted session on the server: the protocol's handshake, then inferences until the
/// client leaves, a limit is reached or the server stops. Return to end the session normally; throw
/// to end it with the exception's message logged (the server and other sessions carry on).
/// </summary>
/// <param name="channel">The session's channel, already secured and admitted; its reads and writes time out after <see cref="SessionLimits.IdleTimeout"/>. Owned by the host: do not dispose.</param>
/// <param name="context">The session's identity, limits, budget and reporting (<see cref="SessionContext.CompleteHandshake"/>, <see cref="SessionContext.ReportInference"/>).</param>
/// <param name="cancellationToken">Signalled when the session is being aborted (deadline, or the shutdown grace period expired); the channel is cut at the same moment.</param>
public delegate Task SessionHandler(IChannel channel, SessionContext context, CancellationToken cancellationToken);

using System.Net;
using Microsoft.Extensions.Logging;

namespace PiToolkit.SecureInference.Hosting;

/// <summary>
/// Every line the session host and client log, in one place so that the logging policy can be read
/// at a glance: connects, handshakes, per-inference costs, refusals, disconnects — public facts only.
/// No parameter here may ever carry key material, labels, shares, inputs or outputs; fingerprints of
/// certificates are public identities and are logged so operators can tell who queried.
/// </summary>
internal static partial class HostLog
{
    [LoggerMessage(1, LogLevel.Information, "listening on {EndPoint} over {Transport}; at most {MaxSessions} concurrent sessions")]
    public static partial void Listening(ILogger logger, IPEndPoint endPoint, string transport, int maxSessions);

    [LoggerMessage(2, LogLevel.Warning, "plain TCP: no encryption and no server authentication; use it for loopback demos only")]
    public static partial void PlainTcp(ILogger logger);

    [LoggerMessage(3, LogLevel.Information, "session {SessionId}: connected from {Remote} ({Security})")]
    public static partial void SessionStarted(ILogger logger, long sessionId, IPEndPoint? remote, string security);

    [LoggerMessage(4, LogLevel.Information, "session {SessionId}: handshake complete: {Summary}")]
    public static partial void HandshakeCompleted(ILogger logger, long sessionId, string summary);

    [LoggerMessage(5, LogLevel.Information, "session {SessionId}: inference {Number}: offline {OfflineMs:0.0} ms, {OfflineBytes} bytes; online {OnlineMs:0.0} ms, {OnlineBytes} bytes")]
    public static partial void Inference(ILogger logger, long sessionId, int number, double offlineMs, long offlineBytes, double onlineMs, long onlineBytes);

    [LoggerMessage(6, LogLevel.Warning, "connection {SessionId} from {Remote} refused: {Reason}")]
    public static partial void Refused(ILogger logger, long sessionId, IPEndPoint? remote, string reason);

    [LoggerMessage(7, LogLevel.Information, "session {SessionId}: ended after {Seconds:0.0} s: {Inferences} inferences, {BytesSent} bytes sent, {BytesReceived} bytes received")]
    public static partial void SessionEnded(ILogger logger, long sessionId, double seconds, int inferences, long bytesSent, long bytesReceived);

    [LoggerMessage(8, LogLevel.Warning, "session {SessionId}: ended after {Seconds:0.0} s and {Inferences} inferences: {Reason}")]
    public static partial void SessionFailed(ILogger logger, long sessionId, double seconds, int inferences, string reason);

    [LoggerMessage(9, LogLevel.Error, "session {SessionId}: the handler failed after {Seconds:0.0} s and {Inferences} inferences")]
    public static partial void HandlerFault(ILogger logger, long sessionId, double seconds, int inferences, Exception exception);

    [LoggerMessage(10, LogLevel.Information, "stopping: no new connections; {Active} sessions get {GraceSeconds:0.#} s to finish")]
    public static partial void Stopping(ILogger logger, int active, double graceSeconds);

    [LoggerMessage(11, LogLevel.Warning, "grace period over: aborting {Count} sessions")]
    public static partial void Aborting(ILogger logger, int count);

    [LoggerMessage(12, LogLevel.Error, "{Count} sessions did not end after being aborted; their handlers ignore cancellation")]
    public static partial void Stuck(ILogger logger, int count);

    [LoggerMessage(13, LogLevel.Information, "stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(14, LogLevel.Information, "session {SessionId}: inference limit of {Limit} reached")]
    public static partial void InferenceLimit(ILogger logger, long sessionId, int limit);

    [LoggerMessage(15, LogLevel.Warning, "accepting a connection failed: {Reason}")]
    public static partial void AcceptFailed(ILogger logger, string reason);
}

using System.Net;
using Microsoft.Extensions.Logging;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Hosting;

/// <summary>
/// What a <see cref="SessionHandler"/> knows about its session and how it reports back to the host:
/// the end of its handshake (which lifts the handshake deadline), each inference's costs (logged),
/// and the per-session limits and memory budget it must respect.
/// </summary>
public sealed class SessionContext
{
    private readonly ILogger _logger;
    private readonly Action _handshakeCompleted;
    private int _handshakeDone;
    private int _started;
    private int _completed;

    internal SessionContext(long id, IPEndPoint? remote, CertificateFingerprint? clientCertificate, bool encrypted,
        SessionLimits limits, SessionMemoryBudget memory, CancellationToken stopping, ILogger logger, Action handshakeCompleted)
    {
        Id = id;
        RemoteEndPoint = remote;
        ClientCertificate = clientCertificate;
        IsEncrypted = encrypted;
        Limits = limits;
        Memory = memory;
        Stopping = stopping;
        _logger = logger;
        _handshakeCompleted = handshakeCompleted;
    }

    /// <summary>The host's number for this connection (as in the log lines); not a protocol session id.</summary>
    public long Id { get; }

    /// <summary>The client's address.</summary>
    public IPEndPoint? RemoteEndPoint { get; }

    /// <summary>The fingerprint of the certificate the client authenticated with, when it sent one.</summary>
    public CertificateFingerprint? ClientCertificate { get; }

    /// <summary>Whether the channel runs over TLS.</summary>
    public bool IsEncrypted { get; }

    /// <summary>The limits in force; pass <see cref="SessionLimits.MaxFrameBytes"/> to every <see cref="FrameCodec.ReceiveFrame(IChannel, int)"/>.</summary>
    public SessionLimits Limits { get; }

    /// <summary>This session's memory budget: reserve before allocating anything whose size the client decides.</summary>
    public SessionMemoryBudget Memory { get; }

    /// <summary>
    /// Signalled when the server starts shutting down: finish the inference in progress, tell the
    /// client, and return within <see cref="SessionLimits.ShutdownGracePeriod"/>.
    /// </summary>
    public CancellationToken Stopping { get; }

    /// <summary>Inferences begun so far.</summary>
    public int InferencesStarted => Math.Min(Volatile.Read(ref _started), Limits.MaxInferencesPerSession);

    /// <summary>Inferences reported complete so far.</summary>
    public int InferencesCompleted => Volatile.Read(ref _completed);

    /// <summary>Inferences this session may still begin.</summary>
    public int InferencesRemaining => Math.Max(0, Limits.MaxInferencesPerSession - InferencesStarted);

    /// <summary>Whether <see cref="CompleteHandshake"/> (or a first inference) has happened.</summary>
    public bool HandshakeCompleted => Volatile.Read(ref _handshakeDone) != 0;

    /// <summary>
    /// Ends the handshake phase: the absolute <see cref="SessionLimits.HandshakeTimeout"/> stops
    /// applying (the idle timeout still does), and <paramref name="summary"/> is logged.
    /// </summary>
    /// <param name="summary">Public facts only (protocol version, parameters, model fingerprint); it is logged verbatim.</param>
    public void CompleteHandshake(string summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (Interlocked.Exchange(ref _handshakeDone, 1) != 0) return;
        _handshakeCompleted();
        HostLog.HandshakeCompleted(_logger, Id, summary);
    }

    /// <summary>
    /// Claims the next inference; false once <see cref="SessionLimits.MaxInferencesPerSession"/> is
    /// reached or the server is stopping, in which case the handler should tell the client and return.
    /// Also ends the handshake phase if the handler never called <see cref="CompleteHandshake"/>.
    /// </summary>
    public bool TryBeginInference()
    {
        if (Volatile.Read(ref _handshakeDone) == 0)
        {
            CompleteHandshake("(not reported by the handler)");
        }
        if (Stopping.IsCancellationRequested) return false;
        while (true)
        {
            int current = Volatile.Read(ref _started);
            if (current >= Limits.MaxInferencesPerSession)
            {
                if (current == Limits.MaxInferencesPerSession && Interlocked.CompareExchange(ref _started, current + 1, current) == current)
                {
                    // Logged once; the counter parks one past the limit so later calls stay quiet.
                    HostLog.InferenceLimit(_logger, Id, Limits.MaxInferencesPerSession);
                }
                return false;
            }
            if (Interlocked.CompareExchange(ref _started, current + 1, current) == current) return true;
        }
    }

    /// <summary>Reports a finished inference's costs; the host logs them.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A time or byte count is negative.</exception>
    public void ReportInference(InferenceMetrics metrics)
    {
        if (metrics.Offline < TimeSpan.Zero || metrics.Online < TimeSpan.Zero || metrics.OfflineBytes < 0 || metrics.OnlineBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(metrics), "Times and byte counts of an inference cannot be negative.");
        }
        int number = Interlocked.Increment(ref _completed);
        HostLog.Inference(_logger, Id, number, metrics.Offline.TotalMilliseconds, metrics.OfflineBytes, metrics.Online.TotalMilliseconds, metrics.OnlineBytes);
    }
}

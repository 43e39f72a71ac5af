using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Hosting;

/// <summary>
/// Serves sessions: listens on a port, secures each connection (TLS, or plain TCP for loopback demos),
/// admits it or refuses it with a framed reason, and runs the <see cref="SessionHandler"/> on it within
/// the <see cref="SessionLimits"/>. A failing session is logged and ends alone; the server carries on.
/// </summary>
/// <remarks>
/// Every way a client can hold resources is bounded: a slot per session (extra connections get "busy"),
/// an absolute handshake deadline, an idle timeout on every read and write, a total session duration,
/// per-session frame and memory limits, and a bounded number of refusals in flight. Each session runs
/// its handler on a dedicated thread, because the channel API blocks and a stalled peer must not starve
/// the thread pool that accepts new connections. Shutdown stops accepting, signals
/// <see cref="SessionContext.Stopping"/>, waits <see cref="SessionLimits.ShutdownGracePeriod"/>, then
/// cuts the remaining connections, which wakes any blocked handler.
/// </remarks>
public sealed class SessionServer : IAsyncDisposable
{
    /// <summary>How long aborted sessions get to unwind before shutdown reports them stuck and returns anyway.</summary>
    private static readonly TimeSpan AbortWait = TimeSpan.FromSeconds(5);

    private const int RefusalBufferBytes = 4096;

    private readonly SessionServerOptions _options;
    private readonly SessionLimits _limits;
    private readonly SessionHandler _handler;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly SemaphoreSlim _refusals;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, Session> _sessions = new();
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private readonly TcpListener _listener;
    private long _nextId;
    private long _completed;
    private long _failed;
    private long _refused;
    private int _state;

    /// <summary>Creates a server; nothing listens until <see cref="Start"/> or <see cref="RunAsync"/>.</summary>
    /// <param name="options">Address, port, TLS and limits.</param>
    /// <param name="handler">Runs each admitted session (the protocol plugs in here).</param>
    /// <param name="logger">Receives the per-session log lines (see the logging policy in docs/client-server.md); none when null.</param>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="SessionServerOptions.Validate"/>).</exception>
    public SessionServer(SessionServerOptions options, SessionHandler handler, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        options.Validate();
        _options = options;
        _limits = options.Limits;
        _handler = handler;
        _logger = logger ?? NullLogger.Instance;
        _slots = new SemaphoreSlim(_limits.MaxConcurrentSessions, _limits.MaxConcurrentSessions);
        _refusals = new SemaphoreSlim(_limits.MaxPendingRefusals, _limits.MaxPendingRefusals);
        _listener = new TcpListener(options.Address, options.Port);
        if (options.Address.Equals(IPAddress.IPv6Any))
        {
            // "::" means every address, IPv4 included, as users of other servers expect.
            _listener.Server.DualMode = true;
        }
    }

    /// <summary>The address and port listened on (the chosen port when the options said 0).</summary>
    /// <exception cref="InvalidOperationException">The server has not started.</exception>
    public IPEndPoint LocalEndPoint => Volatile.Read(ref _state) >= 1
        ? (IPEndPoint)_listener.LocalEndpoint
        : throw new InvalidOperationException("The server has not started.");

    /// <summary>Sessions running now.</summary>
    public int ActiveSessions => _sessions.Count;

    /// <summary>Sessions that ended normally so far.</summary>
    public long SessionsCompleted => Interlocked.Read(ref _completed);

    /// <summary>Sessions that ended with an error, a timeout, a limit or an abort so far.</summary>
    public long SessionsFailed => Interlocked.Read(ref _failed);

    /// <summary>Connections refused so far (busy, unauthorized, shutting down, failed TLS handshake).</summary>
    public long ConnectionsRefused => Interlocked.Read(ref _refused);

    /// <summary>Binds the port, so that <see cref="LocalEndPoint"/> is known before <see cref="RunAsync"/>. Idempotent.</summary>
    /// <exception cref="IOException">The address or port cannot be bound (in use, not an address of this machine).</exception>
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0) return;
        try
        {
            _listener.Start(backlog: Math.Max(16, _limits.MaxConcurrentSessions * 4));
        }
        catch (SocketException e)
        {
            Volatile.Write(ref _state, 0);
            throw new IOException($"Cannot listen on {_options.Address}:{_options.Port}: {e.Message}.", e);
        }
        string transport = _options.Tls is { } tls
            ? $"TLS (certificate {CertificateFingerprint.Of(tls.Certificate)}{(tls.RequiresClientCertificate ? ", client certificates required" : "")})"
            : "plain TCP (insecure)";
        HostLog.Listening(_logger, LocalEndPoint, transport, _limits.MaxConcurrentSessions);
        if (_options.Tls is null) HostLog.PlainTcp(_logger);
    }

    /// <summary>
    /// Accepts and serves connections until <paramref name="stoppingToken"/> is signalled, then shuts
    /// down gracefully (see the remarks) and returns; it does not throw on cancellation.
    /// </summary>
    /// <exception cref="IOException">The port cannot be bound.</exception>
    /// <exception cref="InvalidOperationException">The server already ran.</exception>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        Start();
        if (Interlocked.CompareExchange(ref _state, 2, 1) != 1)
        {
            throw new InvalidOperationException("A session server runs once.");
        }
        try
        {
            await AcceptLoopAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            _listener.Stop();
            await ShutdownAsync().ConfigureAwait(false);
            Volatile.Write(ref _state, 3);
        }
    }

    /// <summary>Stops listening and aborts whatever still runs (for a server that was started but not run to completion).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _state, 3) is 1 or 2)
        {
            _listener.Stop();
            await ShutdownAsync().ConfigureAwait(false);
        }
        _listener.Dispose();
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e)
            {
                // Out of descriptors or a connection reset while queued: the next accept may work.
                HostLog.AcceptFailed(_logger, e.Message);
                try
                {
                    await Task.Delay(100, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                continue;
            }
            long id = Interlocked.Increment(ref _nextId);
            if (_slots.Wait(0))
            {
                Track(id, Task.Run(() => RunSessionAsync(socket, id)));
            }
            else if (_refusals.Wait(0))
            {
                string reason = string.Create(CultureInfo.InvariantCulture, $"server busy: all {_limits.MaxConcurrentSessions} session slots are in use; try again later");
                Track(id, Task.Run(() => RefuseAsync(socket, id, Admission.Status.Busy, reason)));
            }
            else
            {
                HostLog.Refused(_logger, id, socket.RemoteEndPoint as IPEndPoint, "server busy and too many refusals in flight: closed without a message");
                Interlocked.Increment(ref _refused);
                socket.Dispose();
            }
        }
    }

    private void Track(long id, Task task)
    {
        _running[id] = task;
        _ = task.ContinueWith(_ => _running.TryRemove(id, out Task? _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task ShutdownAsync()
    {
        HostLog.Stopping(_logger, _sessions.Count, _limits.ShutdownGracePeriod.TotalSeconds);
        await _stopping.CancelAsync().ConfigureAwait(false);
        var all = Task.WhenAll(_running.Values);
        if (await Task.WhenAny(all, Task.Delay(_limits.ShutdownGracePeriod)).ConfigureAwait(false) != all)
        {
            var remaining = _sessions.Values.ToArray();
            HostLog.Aborting(_logger, remaining.Length);
            foreach (var session in remaining)
            {
                session.Abort(string.Create(CultureInfo.InvariantCulture, $"aborted: the shutdown grace period of {_limits.ShutdownGracePeriod.TotalSeconds:0.#} s expired"));
            }
            all = Task.WhenAll(_running.Values);
            if (await Task.WhenAny(all, Task.Delay(AbortWait)).ConfigureAwait(false) != all)
            {
                HostLog.Stuck(_logger, _sessions.Count);
            }
        }
        HostLog.Stopped(_logger);
    }

    private async Task RefuseAsync(Socket socket, long id, Admission.Status status, string reason)
    {
        var remote = socket.RemoteEndPoint as IPEndPoint;
        try
        {
            using var deadline = new CancellationTokenSource(_limits.HandshakeTimeout);
            using var cut = deadline.Token.Register(() => ShutdownQuietly(socket));
            using var channel = await SecureAsync(socket, RefusalBufferBytes, deadline.Token).ConfigureAwait(false);
            Inner(channel).SetIdleTimeout(_limits.HandshakeTimeout);
            Admission.Send(channel, status, reason);
            HostLog.Refused(_logger, id, remote, reason);
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            HostLog.Refused(_logger, id, remote, $"{reason} (could not tell the client: {e.Message})");
        }
        finally
        {
            socket.Dispose();
            Interlocked.Increment(ref _refused);
            _refusals.Release();
        }
    }

    private async Task RunSessionAsync(Socket socket, long id)
    {
        var session = new Session(socket);
        _sessions[id] = session;
        var remote = socket.RemoteEndPoint as IPEndPoint;
        long started = Stopwatch.GetTimestamp();
        double Seconds() => Stopwatch.GetElapsedTime(started).TotalSeconds;
        SessionContext? context = null;
        IChannel? channel = null;
        bool admitted = false;
        string handshakeTimeout = string.Create(CultureInfo.InvariantCulture, $"handshake timeout: not completed within {_limits.HandshakeTimeout.TotalSeconds:0.#} s");
        var handshakeDeadline = new CancellationTokenSource(_limits.HandshakeTimeout);
        var handshakeCut = handshakeDeadline.Token.Register(() => session.Abort(handshakeTimeout));
        session.Abortion.CancelAfter(_limits.MaxSessionDuration);
        string durationLimit = string.Create(CultureInfo.InvariantCulture, $"session duration limit of {_limits.MaxSessionDuration.TotalMinutes:0.#} min reached");
        using var durationCut = session.Abortion.Token.Register(() => session.Abort(durationLimit));
        void EndHandshakePhase()
        {
            // Dispose waits for a callback already running, so after this the deadline cannot fire.
            handshakeCut.Dispose();
            handshakeDeadline.Dispose();
        }
        try
        {
            channel = await SecureAsync(socket, _limits.ChannelBufferBytes, handshakeDeadline.Token).ConfigureAwait(false);
            session.Channel = Inner(channel);
            session.Channel.SetIdleTimeout(_limits.IdleTimeout);
            var clientCertificate = (channel as TlsChannel)?.RemoteFingerprint;
            if (_options.Tls?.Authorize((channel as TlsChannel)?.RemoteCertificate, out var why) is { } failure)
            {
                var status = failure == TransportSecurityFailure.ClientCertificateMissing ? Admission.Status.ClientCertificateMissing : Admission.Status.ClientNotAuthorized;
                Admission.Send(channel, status, why);
                HostLog.Refused(_logger, id, remote, why);
                Interlocked.Increment(ref _refused);
                return;
            }
            if (_stopping.IsCancellationRequested)
            {
                Admission.Send(channel, Admission.Status.ShuttingDown, "the server is shutting down");
                HostLog.Refused(_logger, id, remote, "the server is shutting down");
                Interlocked.Increment(ref _refused);
                return;
            }
            var memory = new SessionMemoryBudget(_limits.MaxSessionMemoryBytes);
            memory.Reserve(2L * _limits.ChannelBufferBytes, "channel buffers");
            context = new SessionContext(id, remote, clientCertificate, channel is TlsChannel, _limits, memory, _stopping.Token, _logger, EndHandshakePhase);
            Admission.Send(channel, Admission.Status.Accepted, "");
            try
            {
                Admission.ReceiveClientAcknowledgement(channel);
            }
            catch (IOException e) when (e is not PeerTimeoutException && session.AbortReason is null)
            {
                throw new ProtocolException(channel is TlsChannel
                    ? $"the client closed the connection before acknowledging admission; it may have refused our certificate ({e.Message.TrimEnd('.')})"
                    : $"the client did not acknowledge admission ({e.Message.TrimEnd('.')})", e);
            }
            admitted = true;
            HostLog.SessionStarted(_logger, id, remote, Describe(channel));
            var handlerChannel = channel;
            var handlerContext = context;
            var abortToken = session.Abortion.Token;
            await Task.Factory.StartNew(() => _handler(handlerChannel, handlerContext, abortToken),
                CancellationToken.None, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default).Unwrap().ConfigureAwait(false);
            if (session.AbortReason is { } reason)
            {
                HostLog.SessionFailed(_logger, id, Seconds(), context.InferencesCompleted, reason);
                Interlocked.Increment(ref _failed);
            }
            else
            {
                HostLog.SessionEnded(_logger, id, Seconds(), context.InferencesCompleted, channel.BytesSent, channel.BytesReceived);
                Interlocked.Increment(ref _completed);
            }
        }
        catch (Exception e) when (!admitted && (IsConnectionFailure(e) || e is OperationCanceledException))
        {
            // Cancellation callbacks run newest first, so the TLS stream can see the deadline before
            // session.Abort has recorded why: name the deadline from the token itself.
            string reason = session.AbortReason ?? e switch
            {
                OperationCanceledException when handshakeDeadline.IsCancellationRequested => handshakeTimeout,
                TransportSecurityException or ProtocolException => e.Message,
                _ when _options.Tls is not null => $"the client dropped the connection during admission; it may have refused our certificate ({e.Message.TrimEnd('.')})",
                _ => $"the client dropped the connection during admission ({e.Message.TrimEnd('.')})",
            };
            // Counters move after the log line so that whoever watches them finds the line written.
            HostLog.Refused(_logger, id, remote, reason);
            Interlocked.Increment(ref _refused);
        }
        catch (Exception e) when (IsConnectionFailure(e) || e is OperationCanceledException || session.AbortReason is not null)
        {
            HostLog.SessionFailed(_logger, id, Seconds(), context?.InferencesCompleted ?? 0, session.AbortReason ?? Explain(e));
            Interlocked.Increment(ref _failed);
        }
        catch (Exception e)
        {
            // A bug in the handler: log it with its stack trace and keep serving the others.
            HostLog.HandlerFault(_logger, id, Seconds(), context?.InferencesCompleted ?? 0, e);
            Interlocked.Increment(ref _failed);
        }
        finally
        {
            EndHandshakePhase();
            channel?.Dispose();
            socket.Dispose();
            session.Abortion.Dispose();
            _sessions.TryRemove(id, out _);
            _slots.Release();
        }
    }

    private async Task<IChannel> SecureAsync(Socket socket, int bufferBytes, CancellationToken deadline)
    {
        if (_options.Tls is { } tls)
        {
            return await TlsChannel.AuthenticateAsServerAsync(socket, tls, bufferBytes, deadline).ConfigureAwait(false);
        }
        return new SocketStreamChannel(socket, new NetworkStream(socket, ownsSocket: true), bufferBytes);
    }

    private static SocketStreamChannel Inner(IChannel channel) => channel as SocketStreamChannel ?? ((TlsChannel)channel).Inner;

    private static string Describe(IChannel channel) => channel is TlsChannel tls
        ? $"{tls.Protocol}, {tls.CipherSuite}{(tls.RemoteFingerprint is { } f ? $", client certificate {f.ToShortString()}" : "")}"
        : "plain TCP";

    /// <summary>Failures caused by the peer or the network rather than by a bug here.</summary>
    private static bool IsConnectionFailure(Exception e) => e is IOException or SocketException or ObjectDisposedException;

    private static string Explain(Exception e) => e switch
    {
        PeerTimeoutException => e.Message,
        ProtocolException => "protocol error: " + e.Message,
        SessionLimitException => e.Message,
        TransportSecurityException => e.Message,
        _ => "connection lost: " + e.Message,
    };

    private static void ShutdownQuietly(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
    }

    /// <summary>One running session, as shutdown and the deadlines see it.</summary>
    private sealed class Session(Socket socket)
    {
        private string? _abortReason;

        public CancellationTokenSource Abortion { get; } = new();

        public SocketStreamChannel? Channel { get; set; }

        public string? AbortReason => Volatile.Read(ref _abortReason);

        /// <summary>Records the first reason, signals the handler's token and cuts the connection (waking blocked calls).</summary>
        public void Abort(string reason)
        {
            Interlocked.CompareExchange(ref _abortReason, reason, null);
            try
            {
                Abortion.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The session already ended.
            }
            ShutdownQuietly(socket);
        }
    }
}

using System.Globalization;
using PiToolkit.SecureInference.Homomorphic;
using PiToolkit.SecureInference.Hosting;
using PiToolkit.SecureInference.Protocol;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Serving;

/// <summary>
/// The server side of <c>pitk serve</c>: a <see cref="SessionHandler"/> for <see cref="SessionServer"/>
/// that runs one <see cref="SecureInferenceServer"/> per admitted session. Per session it charges the
/// memory budget for everything the client can make it hold (a SEAL runtime, the client's HE keys,
/// the prepared batches), sends the <see cref="PublicModel"/>, runs the protocol's session setup, and
/// then serves requests while reporting each inference to the host, which logs it and enforces the
/// inference limit. On shutdown a session that is between requests ends at once; one that is in the
/// middle of a request finishes it (the host bounds this by its grace period).
/// </summary>
/// <remarks>
/// Each session has a <see cref="SealRuntime"/> of its own while it runs (a runtime runs one thread
/// at a time, so sharing one would serialise every session's HE work). Runtimes come from
/// <see cref="SealRuntimePool"/>: starting one costs about 0.3 s, which a client could otherwise make
/// the server pay for every connection it opens and drops. A session disposes every SEAL object it made before its runtime goes back; a
/// runtime whose session failed inside SEAL is not reused.
/// </remarks>
public sealed class InferenceService : IDisposable
{
    private int _disposed;
    private readonly CompiledModel _model;
    private readonly InferenceServiceOptions _options;
    private readonly ProtocolOptions _protocol;

    /// <summary>Serves <paramref name="model"/>, described to clients by <paramref name="description"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The description's plan is not the model's.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public InferenceService(CompiledModel model, PublicModel description, InferenceServiceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(description);
        _options = options ?? new InferenceServiceOptions();
        _options.Validate();
        if (!description.Plan.Fingerprint.SequenceEqual(model.Plan.Fingerprint))
            throw new ArgumentException("The public description compiles to another plan than the served model.", nameof(description));
        _model = model;
        Description = description;
        _protocol = _options.Protocol with { MaxPreparedBatches = _options.PreparedBatches, MaxKeyBytes = _options.MaxKeyBytes };
        BatchBytes = EstimateBatchBytes(model.Plan);
    }

    /// <summary>What clients are told about the model.</summary>
    public PublicModel Description { get; }

    /// <summary>The compiled model served (its plan is public, its weights are not).</summary>
    public CompiledModel Model => _model;

    /// <summary>The protocol options sessions run with.</summary>
    public ProtocolOptions Protocol => _protocol;

    /// <summary>
    /// What one prepared batch is charged against the session's budget: about 8 KB of server state
    /// per kept ReLU (garbling keys, output masks, OT state) and 16 bytes per activation (shares and
    /// masks), plus 64 KiB. An estimate, not a measurement of the WASM heap.
    /// </summary>
    public long BatchBytes { get; }

    /// <summary>Memory a session reserves before it reads anything sized by the client.</summary>
    public long SessionBytes => _options.RuntimeBytes + 2 * _options.MaxKeyBytes + _options.PreparedBatches * BatchBytes;

    /// <summary>The handler to give <see cref="SessionServer"/>.</summary>
    public SessionHandler Handler => Handle;

    private Task Handle(IChannel channel, SessionContext context, CancellationToken abort)
    {
        context.Memory.Reserve(_options.RuntimeBytes, "a SEAL runtime");
        context.Memory.Reserve(2 * _options.MaxKeyBytes, "the client's HE keys");
        context.Memory.Reserve(_options.PreparedBatches * BatchBytes, $"{_options.PreparedBatches} prepared inferences");
        Description.Send(channel);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(abort);
        var observer = new Observer(context, stop);
        using var stopping = context.Stopping.Register(observer.Stop);
        var runtime = RentRuntime();
        bool reusable = false;
        try
        {
            Serve(channel, context, abort, stop, observer, runtime);
            reusable = true;
        }
        catch (Exception e) when (e is ProtocolException or IOException or OperationCanceledException or SessionLimitException)
        {
            // The client's fault or the connection's: SEAL itself is in a clean state.
            reusable = true;
            throw;
        }
        finally
        {
            SealRuntimePool.Shared.Return(runtime, reusable);
        }
        return Task.CompletedTask;
    }

    /// <summary>Stops taking sessions' runtimes (call after the host has stopped); idle runtimes stay in <see cref="SealRuntimePool"/>. Idempotent.</summary>
    public void Dispose() => Interlocked.Exchange(ref _disposed, 1);

    private SealRuntime RentRuntime()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return SealRuntimePool.Shared.Rent();
    }

    private void Serve(IChannel channel, SessionContext context, CancellationToken abort, CancellationTokenSource stop, Observer observer, SealRuntime runtime)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var server = new SecureInferenceServer(channel, runtime, _model, _protocol);
        observer.Server = server;
        var plan = _model.Plan;
        context.CompleteHandshake(string.Create(CultureInfo.InvariantCulture,
            $"N = {_protocol.PolyModulusDegree}, p = {plan.Modulus}, f = {plan.FractionalBits}, plan {Convert.ToHexString(plan.Fingerprint.AsSpan(0, 8)).ToLowerInvariant()}, {plan.ReluCount} ReLUs; keys and base OTs in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s"));
        try
        {
            server.Serve(stop.Token, observer);
        }
        catch (OperationCanceledException) when (!abort.IsCancellationRequested && context.Stopping.IsCancellationRequested)
        {
            // Shutdown reached this session between requests: a normal end.
        }
    }

    private static long EstimateBatchBytes(InferencePlan plan) =>
        (64L << 10) + 8192L * plan.ReluCount + 16L * plan.Steps.Sum(s => (long)s.OutputLength);

    /// <summary>Admits requests through the host's limits and reports finished inferences.</summary>
    private sealed class Observer(SessionContext context, CancellationTokenSource stop) : IServeObserver
    {
        private readonly Lock _gate = new();
        private bool _busy;
        private bool _stopping;

        public SecureInferenceServer? Server { get; set; }

        public bool OnRequest(ProtocolPhase phase, ulong batchId)
        {
            lock (_gate)
            {
                // A new offline batch is a new inference; the online phase of a batch already
                // prepared is allowed even while stopping, as it is short and finishes one.
                if (phase == ProtocolPhase.Offline && !context.TryBeginInference())
                    return false;
                _busy = true;
                return true;
            }
        }

        public void OnRequestCompleted(ProtocolPhase phase, ulong batchId)
        {
            if (phase == ProtocolPhase.Online && Server is { } server)
            {
                var costs = server.CostsOf(batchId);
                var offline = costs.Where(c => c.Phase == ProtocolPhase.Offline).ToList();
                var online = costs.Where(c => c.Phase == ProtocolPhase.Online).ToList();
                context.ReportInference(new InferenceMetrics(
                    TimeSpan.FromMilliseconds(offline.Sum(c => c.Milliseconds)), TimeSpan.FromMilliseconds(online.Sum(c => c.Milliseconds)),
                    offline.Sum(c => c.BytesSent + c.BytesReceived), online.Sum(c => c.BytesSent + c.BytesReceived)));
            }
            lock (_gate)
            {
                _busy = false;
                // After an offline phase the client's online phase follows at once (Infer does
                // both); the host's grace period bounds the wait for it.
                if (_stopping && phase == ProtocolPhase.Online)
                    stop.Cancel();
            }
        }

        public void Stop()
        {
            lock (_gate)
            {
                _stopping = true;
                if (!_busy)
                    stop.Cancel();
            }
        }
    }
}

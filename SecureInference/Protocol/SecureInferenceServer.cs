using System.Collections.Immutable;
using PiToolkit.SecureInference.Arithmetic;
using PiToolkit.SecureInference.Garbling;
using PiToolkit.SecureInference.Homomorphic;
using PiToolkit.SecureInference.Homomorphic.LinearLayers;
using PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// The server of the two-party inference (see <see cref="SecureInferenceClient"/>): holds the
/// weights, garbles every kept ReLU, and learns nothing about the client's input or output.
/// Everything it receives is untrusted: headers must be the ones the plan expects next, field
/// elements must be residues, HE bytes go through SEAL's validating loads, blobs and frames are
/// bounded, and any failure is a <see cref="ProtocolException"/>.
/// </summary>
public sealed class SecureInferenceServer : IDisposable
{
    private const int KeptCostRecords = 1024;
    private readonly IChannel _channel;
    private readonly CompiledModel _model;
    private readonly InferencePlan _plan;
    private readonly ProtocolOptions _options;
    private readonly PrimeField _field;
    private readonly SealContext? _context;
    private readonly PublicKey? _clientPublicKey;
    private readonly GaloisKeys? _clientGaloisKeys;
    private readonly HomomorphicLinearServer? _he;
    private readonly CoefficientLinearServer? _coefficient;
    private ImmutableArray<HomomorphicLayer> _linear;
    private readonly Dictionary<int, HomomorphicLayer> _layers = [];
    private readonly Dictionary<int, ShareCircuitGarbler> _garblers = [];
    private readonly Dictionary<ulong, Batch> _prepared = [];
    private readonly SortedDictionary<ulong, ImmutableArray<StepCost>> _costs = [];
    private readonly byte[] _sessionId;
    private ulong _lastBatch;
    private int _disposed;

    /// <summary>Runs the session setup with a <see cref="SecureInferenceClient"/> on the other end.</summary>
    /// <param name="channel">The connection (owned by the caller).</param>
    /// <param name="runtime">The SEAL runtime for this party's HE objects (owned by the caller).</param>
    /// <param name="model">The compiled model with the server's weights.</param>
    /// <param name="options">Parameters both sides agree on; N below 8192 is refused, and so is a layer encoding
    /// <see cref="ProtocolOptions.Encoding"/> does not allow.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A layer does not fit the HE parameters, or p is not a batching prime for N.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ProtocolOptions.Workers"/> is below 1.</exception>
    /// <exception cref="ProtocolException">The handshake failed (any mismatch, N &lt; 8192, or an encoding this server does not allow), or the client sent malformed keys.</exception>
    public SecureInferenceServer(IChannel channel, SealRuntime runtime, CompiledModel model, ProtocolOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(model);
        _channel = channel;
        _model = model;
        _plan = model.Plan;
        _options = options ?? new ProtocolOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Workers, 1, nameof(options));
        _field = _plan.Field;
        var parameters = EncryptionParameters.Create(_options.PolyModulusDegree, _field);
        _linear = HomomorphicLayer.For(_plan, parameters);

        var meter = new CostMeter(channel, ProtocolPhase.Session);
        using var watchdog = new Watchdog(channel, _options.Timeout);
        try
        {
            meter.Start();
            _sessionId = RunHandshake();
            foreach (var layer in _linear)
                _layers[layer.Step.Index] = layer;
            meter.Stop(-1, "handshake", "session");

            meter.Start();
            // Read the client's message before any SEAL work, so that a client sending garbage costs nothing.
            Wire.ExpectHeader(channel, MessageKind.Keys, -1, 0);
            if (_linear.Any(l => !l.IsCoefficient))
            {
                // Only slot-encoded layers use this runtime; coefficient layers have their own workers.
                var context = runtime.SharedContext(parameters);
                _context = context;
                _clientPublicKey = LoadKey(Wire.ReceiveBlob(channel, _options.MaxKeyBytes, "The public key"), bytes => PublicKey.Load(context, bytes), "public key");
                _clientGaloisKeys = LoadKey(Wire.ReceiveBlob(channel, _options.MaxKeyBytes, "The Galois keys"), bytes => GaloisKeys.Load(context, bytes), "Galois keys");
                _he = new HomomorphicLinearServer(context, _clientPublicKey, _clientGaloisKeys, testOnlySmallRing: _options.AllowInsecureRingForTests);
            }
            if (_linear.Any(l => l.IsCoefficient))
            {
                byte[] key = Wire.ReceiveBlob(channel, _options.MaxKeyBytes, "The coefficient public key");
                _coefficient = LoadKey(key, bytes => new CoefficientLinearServer(parameters, bytes, _options.Workers, _options.AllowInsecureRingForTests),
                    "coefficient public key");
            }
            meter.Stop(-1, "HE keys", "session");

            meter.Start();
            foreach (int t in _plan.CircuitTruncations)
                _garblers[t] = new ShareCircuitGarbler(channel, _plan.Circuit(t));
            meter.Stop(-1, "base OTs", "session");
        }
        catch (Exception e) when (watchdog.Fired)
        {
            DisposeResources();
            throw new ProtocolException($"Session setup did not finish within {_options.Timeout}.", e);
        }
        catch
        {
            DisposeResources();
            throw;
        }
        SessionCosts = meter.Costs;
    }

    /// <summary>The server's costs of session setup.</summary>
    public ImmutableArray<StepCost> SessionCosts { get; }

    /// <summary>
    /// Answers the client's requests (offline batches, online inferences) until it closes the
    /// session. Each exchange must finish within <see cref="ProtocolOptions.Timeout"/>.
    /// </summary>
    /// <param name="cancellationToken">Closes the channel and ends <c>Serve</c>.</param>
    /// <param name="observer">Admits each request before any work and hears of each finished one (a host's limits and log); null admits all.</param>
    /// <exception cref="ProtocolException">The client misbehaved, went away mid-exchange, or timed out.</exception>
    /// <exception cref="OperationCanceledException">Cancelled (the channel is closed).</exception>
    /// <exception cref="ObjectDisposedException">The server was disposed.</exception>
    public void Serve(CancellationToken cancellationToken = default, IServeObserver? observer = null)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        while (true)
        {
            // Waiting for the next request has no deadline (the client decides when to infer);
            // cancellation closes the channel.
            MessageKind kind;
            ulong batch;
            using (new Watchdog(_channel, System.Threading.Timeout.InfiniteTimeSpan, cancellationToken))
            {
                try
                {
                    (kind, _, batch) = Wire.ReceiveHeader(_channel);
                }
                catch (Exception) when (cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
            }
            if (kind == MessageKind.Close)
                return;
            var phase = kind == MessageKind.OfflineBegin ? ProtocolPhase.Offline : ProtocolPhase.Online;
            if (kind is MessageKind.OfflineBegin or MessageKind.OnlineBegin && observer?.OnRequest(phase, batch) == false)
                return;
            using var watchdog = new Watchdog(_channel, _options.Timeout, cancellationToken);
            try
            {
                switch (kind)
                {
                    case MessageKind.OfflineBegin:
                        ExpectSession();
                        Offline(batch);
                        break;
                    case MessageKind.OnlineBegin:
                        ExpectSession();
                        Online(batch);
                        break;
                    default:
                        throw new ProtocolException($"Expected a request, got {Wire.Describe(kind)}.");
                }
                observer?.OnRequestCompleted(phase, batch);
            }
            catch (Exception e) when (watchdog.Fired)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new ProtocolException($"Batch {batch} did not finish within {_options.Timeout}.", e);
            }
        }
    }

    /// <summary>The server's costs for a batch (offline and, once run, online); empty if unknown.</summary>
    public ImmutableArray<StepCost> CostsOf(ulong batchId) => _costs.TryGetValue(batchId, out var costs) ? costs : [];

    /// <summary>Releases HE objects, OT state and prepared batches. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        DisposeResources();
    }

    private void DisposeResources()
    {
        foreach (var batch in _prepared.Values)
            batch.Dispose();
        _prepared.Clear();
        foreach (var garbler in _garblers.Values)
            garbler.Dispose();
        _he?.Dispose();
        _coefficient?.Dispose();
        _clientGaloisKeys?.Dispose();
        _clientPublicKey?.Dispose();
        _context?.Dispose();
    }

    private byte[] RunHandshake()
    {
        byte[] hello = _channel.ReceiveFrame(Handshake.MaxHelloLength);
        int minimum = _options.AllowInsecureRingForTests ? 0 : ProtocolOptions.MinimumPolyModulusDegree;
        string? mismatch;
        Handshake.Hello mine;
        try
        {
            var theirs = Handshake.Decode(hello);
            // The client chose the encodings (it pays for them); the server only checks them against
            // its own option and echoes them, so both hellos, and the session id, fix them.
            mine = Handshake.Create(Handshake.ServerRole, _plan, _options.PolyModulusDegree, (byte)_options.Compression, theirs.Encodings, _options.Random);
            mismatch = Handshake.Compare(mine, theirs, Handshake.ClientRole, minimum)
                ?? HomomorphicLayer.CheckChoices(theirs.Encodings, _linear, _options.Encoding);
        }
        catch (ProtocolException e)
        {
            Handshake.SendReject(_channel, MessageKind.HelloReject, e.Message);
            throw;
        }
        mismatch ??= mine.PolyModulusDegree < minimum ? $"this server is configured with N = {mine.PolyModulusDegree} < {minimum}" : null;
        if (mismatch is not null)
        {
            Handshake.SendReject(_channel, MessageKind.HelloReject, mismatch);
            throw new ProtocolException("Handshake mismatch: " + mismatch);
        }
        _linear = [.. _linear.Zip(mine.Encodings, (l, e) => l with { Encoding = (HomomorphicEncoding)e })];
        byte[] reply = Handshake.Encode(mine);
        Wire.SendHeader(_channel, MessageKind.HelloAccept, -1, 0);
        _channel.SendFrame(reply);
        _channel.Flush();
        var (kind, _, _) = Wire.ReceiveHeader(_channel);
        if (kind == MessageKind.HelloReject)
            throw new ProtocolException("The client refused the session: " + Handshake.ReceiveReason(_channel));
        if (kind != MessageKind.Confirm)
            throw new ProtocolException($"Expected the client's confirmation, got {Wire.Describe(kind)}.");
        byte[] sessionId = Handshake.SessionId(hello, reply);
        var confirmed = new byte[Handshake.SessionIdLength];
        _channel.ReceiveFrame(confirmed);
        if (!confirmed.AsSpan().SequenceEqual(sessionId))
            throw new ProtocolException("The client confirmed another session id.");
        return sessionId;
    }

    private static T LoadKey<T>(byte[] bytes, Func<byte[], T> load, string what)
    {
        try
        {
            return load(bytes);
        }
        catch (Exception e) when (e is SealFormatException or SealException)
        {
            throw new ProtocolException($"The client's {what} are malformed or for other parameters: {e.Message}", e);
        }
    }

    private void ExpectSession()
    {
        var sessionId = new byte[Handshake.SessionIdLength];
        _channel.ReceiveFrame(sessionId);
        if (!sessionId.AsSpan().SequenceEqual(_sessionId))
            throw new ProtocolException("The request carries another session's id.");
    }

    private void Offline(ulong id)
    {
        if (id <= _lastBatch)
            throw new ProtocolException($"Batch id {id} is not newer than the last one ({_lastBatch}).");
        if (_prepared.Count >= _options.MaxPreparedBatches)
            throw new ProtocolException($"The client prepared more than {_options.MaxPreparedBatches} batches without using them.");
        _lastBatch = id;
        var batch = new Batch(id);
        var meter = new CostMeter(_channel, ProtocolPhase.Offline);
        try
        {
            foreach (var step in _plan.Steps)
            {
                meter.Start();
                switch (step)
                {
                    case LinearStep linear:
                    {
                        var layer = _layers[step.Index];
                        Wire.ExpectHeader(_channel, MessageKind.LinearRequest, step.Index, id);
                        var request = new byte[layer.InputCiphertextCount][];
                        for (int i = 0; i < request.Length; i++)
                            request[i] = _channel.ReceiveFrame(_options.MaxCiphertextBytes);
                        ulong[] share = _options.Random.Uniform(linear.OutputLength, _field);
                        batch.Shares[step.Index] = share;
                        var weights = _model.Weights.Weights(step.Index);
                        LinearLayerResponse response;
                        try
                        {
                            response = layer.IsCoefficient
                                ? _coefficient!.Evaluate(layer.Coefficient, weights, request, share, _options.Compression)
                                : _he!.Evaluate(layer.Slots, weights, request, share, _options.Compression, step.Name);
                        }
                        catch (Exception e) when (e is SealFormatException or SealException)
                        {
                            throw new ProtocolException($"{step.Name}: the client's HE request is malformed: {e.Message}", e);
                        }
                        Wire.SendHeader(_channel, MessageKind.LinearResponse, step.Index, id);
                        foreach (byte[] ciphertext in response.Ciphertexts)
                            _channel.SendFrame(ciphertext);
                        _channel.Flush();
                        meter.Stop(step.Index, step.Name, "linear", response.Stats.MultiplyPlainCount, response.Stats.RotationCount,
                            encoding: layer.EncodingName);
                        continue;
                    }
                    case ReluStep relu when relu.KeptPositions.Length > 0:
                    {
                        Wire.SendHeader(_channel, MessageKind.ReluOffline, step.Index, id);
                        _channel.Flush();
                        var garbling = _garblers[relu.TruncationBits].Prepare(relu.KeptPositions.Length);
                        batch.Garblings[step.Index] = garbling;
                        // ρ, drawn by the garbler itself: the client's result is ReLU(x)/2^t − ρ, so ρ is the
                        // server's share of the site's output. Completing the batch wipes the garbler's copy.
                        ulong[] masks = garbling.Masks.ToArray();
                        batch.Shares[step.Index] = masks;
                        var counts = PlanOperations.Relu(_plan, relu);
                        meter.Stop(step.Index, step.Name, "relu", andGates: counts.AndGates, ots: counts.ObliviousTransfers);
                        continue;
                    }
                    default:
                        break;
                }
                meter.Stop(step.Index, step.Name, SecureInferenceClient.Kind(step));
            }
            _prepared[id] = batch;
            Record(id, meter.Costs);
        }
        catch
        {
            batch.Dispose();
            throw;
        }
    }

    private void Online(ulong id)
    {
        if (!_prepared.Remove(id, out var batch))
            throw new ProtocolException($"No prepared batch {id} (never prepared, or already used).");
        var meter = new CostMeter(_channel, ProtocolPhase.Online);
        try
        {
            var shares = new ulong[_plan.Steps.Length + 1][];
            shares[0] = new ulong[_plan.InputLength]; // The client holds the whole input.
            foreach (var step in _plan.Steps)
            {
                meter.Start();
                ulong[] x = shares[step.Inputs[0]];
                switch (step)
                {
                    case LinearStep linear:
                    {
                        Wire.ExpectHeader(_channel, MessageKind.LinearInput, step.Index, id);
                        ulong[] masked = Wire.ReceiveField(_channel, linear.InputLength, _field, $"{step.Name}: the client's masked input");
                        for (int i = 0; i < masked.Length; i++)
                            masked[i] = _field.Add(masked[i], x[i]); // x − r in the clear
                        ulong[] y = ReferenceInterpreter.ApplyLinear(linear, _model.Weights, masked, _field);
                        ulong[] s = batch.Shares[step.Index];
                        for (int i = 0; i < y.Length; i++)
                            y[i] = _field.Add(y[i], s[i]);
                        shares[step.Output] = y;
                        break;
                    }
                    case ReshareStep:
                    {
                        Wire.ExpectHeader(_channel, MessageKind.ReshareInput, step.Index, id);
                        ulong[] masked = Wire.ReceiveField(_channel, step.OutputLength, _field, $"{step.Name}: the client's re-masked share");
                        for (int i = 0; i < masked.Length; i++)
                            masked[i] = _field.Add(masked[i], x[i]);
                        shares[step.Output] = masked;
                        break;
                    }
                    case ReluStep relu:
                    {
                        var y = new ulong[x.Length];
                        foreach (int i in relu.IdentityPositions)
                            y[i] = LocalTruncation.Server(x[i], relu.TruncationBits, _field);
                        if (relu.KeptPositions.Length > 0)
                        {
                            ulong[] kept = [.. relu.KeptPositions.Select(i => x[i])];
                            Wire.SendHeader(_channel, MessageKind.ReluLabels, step.Index, id);
                            _garblers[relu.TruncationBits].Complete(batch.Garblings[step.Index], kept);
                            ulong[] masks = batch.Shares[step.Index];
                            for (int k = 0; k < masks.Length; k++)
                                y[relu.KeptPositions[k]] = masks[k];
                        }
                        shares[step.Output] = y;
                        break;
                    }
                    case SumPoolStep pool:
                        shares[step.Output] = pool.Apply(x, _field);
                        break;
                    case AddStep add:
                        shares[step.Output] = add.Apply(x, shares[step.Inputs[1]], _field);
                        break;
                    case TruncateStep truncate:
                        shares[step.Output] = [.. x.Select(v => LocalTruncation.Server(v, truncate.Bits, _field))];
                        break;
                    default:
                        throw new InvalidOperationException($"Unknown step {step.Kind}.");
                }
                meter.Stop(step.Index, step.Name, SecureInferenceClient.Kind(step));
            }
            meter.Start();
            Wire.SendHeader(_channel, MessageKind.Output, -1, id);
            Wire.SendField(_channel, shares[^1]);
            _channel.Flush();
            meter.Stop(-1, "output", "output");
            Record(id, CostsOf(id).AddRange(meter.Costs));
            foreach (ulong[] share in shares)
                Array.Clear(share);
        }
        finally
        {
            batch.Dispose();
        }
    }

    private void Record(ulong id, ImmutableArray<StepCost> costs)
    {
        _costs[id] = costs;
        while (_costs.Count > KeptCostRecords)
            _costs.Remove(_costs.Keys.First());
    }

    /// <summary>One prepared inference on the server: its HE shares s, ReLU output masks ρ and garbling keys.</summary>
    private sealed class Batch(ulong id) : IDisposable
    {
        public ulong Id { get; } = id;
        public Dictionary<int, ulong[]> Shares { get; } = [];
        public Dictionary<int, PreparedGarbling> Garblings { get; } = [];

        public void Dispose()
        {
            foreach (var g in Garblings.Values)
                g.Dispose();
            foreach (var s in Shares.Values)
                Array.Clear(s);
        }
    }
}

using System.Collections.Immutable;
using PiToolkit.SecureInference.Arithmetic;
using PiToolkit.SecureInference.Garbling;
using PiToolkit.SecureInference.Homomorphic;
using PiToolkit.SecureInference.Homomorphic.LinearLayers;
using PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// The client of Delphi's two-party inference (Mishra et al., USENIX Security 2020), semi-honest:
/// holds the input and the HE secret key, learns only the logits. The server learns nothing about
/// input or output: everything it receives is masked by the client's one-time masks.
/// </summary>
/// <remarks>
/// <para>Session (constructor): the client chooses each linear layer's HE encoding
/// (<see cref="ProtocolOptions.Encoding"/>) and announces the choices in the handshake; then, sent
/// once and streamed in 1 MiB frames, the slot key pair's public key and Galois keys for the rotations
/// of the slot-encoded layers (nothing when every layer is coefficient-encoded) and the coefficient
/// key pair's public key (when any layer is); then one OT base phase per distinct ReLU circuit.</para>
/// <para>Offline (<see cref="Preprocess"/>, before the input): for every linear layer a random mask
/// r goes to the server under HE and comes back as the client's share M·r − s; for every kept ReLU
/// the garbled tables and the OTs of the client's share. Prepared batches queue up.</para>
/// <para>Online (<see cref="Infer(ReadOnlySpan{ulong})"/>): the client sends x − r per linear layer
/// input, the server answers with the labels of its share per ReLU site, and finally its share of
/// the logits.</para>
/// Not thread-safe: one inference at a time per session.
/// </remarks>
public sealed class SecureInferenceClient : IDisposable
{
    private readonly IChannel _channel;
    private readonly InferencePlan _plan;
    private readonly ProtocolOptions _options;
    private readonly PrimeField _field;
    private readonly SealKeyBundle? _keys;
    private readonly HomomorphicLinearClient? _he;
    private readonly CoefficientLinearClient? _coefficient;
    private readonly ImmutableArray<HomomorphicLayer> _linear;
    private readonly Dictionary<int, HomomorphicLayer> _layers = [];
    private readonly Dictionary<int, ShareCircuitEvaluator> _evaluators = [];
    private readonly Queue<Batch> _prepared = new();
    private readonly byte[] _sessionId;
    private ulong _nextBatch = 1;
    private bool _faulted;
    private int _disposed;

    /// <summary>Runs the session setup with a <see cref="SecureInferenceServer"/> on the other end.</summary>
    /// <param name="channel">The connection (owned by the caller).</param>
    /// <param name="runtime">The SEAL runtime for this party's HE objects (owned by the caller).</param>
    /// <param name="plan">The public plan; must be the server's (the handshake checks).</param>
    /// <param name="options">Parameters both sides agree on.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A layer does not fit the HE parameters, or p is not a batching prime for N.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ProtocolOptions.Workers"/> is below 1.</exception>
    /// <exception cref="ProtocolException">The handshake failed (any mismatch, or the server does not allow a chosen encoding), the server refused, or it sent malformed data.</exception>
    public SecureInferenceClient(IChannel channel, SealRuntime runtime, InferencePlan plan, ProtocolOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(plan);
        _channel = channel;
        _plan = plan;
        _options = options ?? new ProtocolOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Workers, 1, nameof(options));
        _field = plan.Field;
        var parameters = EncryptionParameters.Create(_options.PolyModulusDegree, plan.Field);
        var layers = HomomorphicLayer.For(plan, parameters);
        EncodingChoices = HomomorphicLayer.Choose(layers, _options, runtime, parameters);
        _linear = [.. layers.Zip(EncodingChoices, (l, c) => l with { Encoding = c.Encoding })];
        foreach (var layer in _linear)
            _layers[layer.Step.Index] = layer;

        var meter = new CostMeter(channel, ProtocolPhase.Session);
        using var watchdog = new Watchdog(channel, _options.Timeout);
        try
        {
            meter.Start();
            _sessionId = RunHandshake();
            meter.Stop(-1, "handshake", "session");

            meter.Start();
            // Two key pairs when both encodings are in use (the coefficient workers generate their own):
            // one public key more on the wire, and neither path depends on the other's runtime.
            if (_linear.Any(l => !l.IsCoefficient))
            {
                _keys = SealKeyBundle.Create(runtime, parameters, HomomorphicLayer.RotationSteps(_linear));
                _he = new HomomorphicLinearClient(_keys.Context, _keys.PublicKey, _keys.SecretKey);
            }
            if (_linear.Any(l => l.IsCoefficient))
                _coefficient = new CoefficientLinearClient(parameters, _options.Workers);
            Wire.SendHeader(channel, MessageKind.Keys, -1, 0);
            if (_keys is not null)
            {
                Wire.SendBlob(channel, _keys.SavePublicKey(_options.Compression));
                Wire.SendBlob(channel, _keys.SaveGaloisKeys(_options.Compression));
            }
            if (_coefficient is not null)
                Wire.SendBlob(channel, _coefficient.SavePublicKey(_options.Compression));
            channel.Flush();
            meter.Stop(-1, "HE keys", "session");

            meter.Start();
            foreach (int t in plan.CircuitTruncations)
                _evaluators[t] = new ShareCircuitEvaluator(channel, plan.Circuit(t));
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

    /// <summary>The session id both sides derived in the handshake (tests inject raw messages with it).</summary>
    internal ReadOnlySpan<byte> SessionId => _sessionId;

    /// <summary>The plan this session runs.</summary>
    public InferencePlan Plan => _plan;

    /// <summary>The HE encoding of each linear layer, in plan order, with both estimates (the handshake announced them).</summary>
    public ImmutableArray<EncodingChoice> EncodingChoices { get; }

    /// <summary>The client's costs of session setup.</summary>
    public ImmutableArray<StepCost> SessionCosts { get; }

    /// <summary>Offline batches ready for <see cref="Infer(ReadOnlySpan{ulong})"/>.</summary>
    public int PreparedCount => _prepared.Count;

    /// <summary>Runs the offline phase of one inference ahead of its input and queues it.</summary>
    /// <returns>The batch id.</returns>
    /// <exception cref="ProtocolException">The server misbehaved, refused, or the exchange timed out.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    /// <exception cref="InvalidOperationException">An earlier exchange failed; the session is out of step and must be replaced.</exception>
    public ulong Preprocess()
    {
        EnsureUsable();
        using var watchdog = new Watchdog(_channel, _options.Timeout);
        try
        {
            var batch = PreprocessCore(_nextBatch++);
            _prepared.Enqueue(batch);
            return batch.Id;
        }
        catch (Exception e)
        {
            // Whatever failed mid-exchange, the two parties no longer agree on where they are.
            _faulted = true;
            if (watchdog.Fired)
                throw new ProtocolException($"The offline phase did not finish within {_options.Timeout}.", e);
            throw;
        }
    }

    /// <summary>Classifies a normalised input (quantized with <see cref="InferencePlan.QuantizeInput"/>).</summary>
    /// <exception cref="ArgumentException">The input has the wrong length or does not fit the field.</exception>
    /// <exception cref="ProtocolException">The server misbehaved or the exchange timed out.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public InferenceResult Infer(ReadOnlySpan<float> input) => Infer(_plan.QuantizeInput(input));

    /// <summary>
    /// Private inference of one quantized input (residues mod p at scale f), using the oldest
    /// prepared batch or preparing one first.
    /// </summary>
    /// <exception cref="ArgumentException">The input has the wrong length or a value is not below p.</exception>
    /// <exception cref="ProtocolException">The server misbehaved or the exchange timed out.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    /// <exception cref="InvalidOperationException">An earlier exchange failed; the session is out of step and must be replaced.</exception>
    public InferenceResult Infer(ReadOnlySpan<ulong> input)
    {
        EnsureUsable();
        if (input.Length != _plan.InputLength)
            throw new ArgumentException($"The input has {input.Length} values; the model takes {_plan.InputLength}.", nameof(input));
        foreach (ulong v in input)
            if (!_field.IsResidue(v))
                throw new ArgumentException("Every input value must be a residue below p.", nameof(input));
        if (_prepared.Count == 0)
            Preprocess();
        var batch = _prepared.Dequeue();
        using var watchdog = new Watchdog(_channel, _options.Timeout);
        try
        {
            ulong[] output = OnlineCore(batch, input);
            return new InferenceResult(batch.Id, [.. output], [.. _plan.DecodeOutput(output)], batch.Costs.AddRange(batch.OnlineCosts));
        }
        catch (Exception e)
        {
            _faulted = true;
            if (watchdog.Fired)
                throw new ProtocolException($"The online phase did not finish within {_options.Timeout}.", e);
            throw;
        }
        finally
        {
            batch.Dispose();
        }
    }

    private void EnsureUsable()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_faulted)
            throw new InvalidOperationException("An earlier exchange of this session failed; start a new session.");
    }

    /// <summary>Tells the server the session is over (best effort) and releases keys, OT state and prepared batches. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        try
        {
            Wire.SendHeader(_channel, MessageKind.Close, -1, 0);
            _channel.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The server or the channel is already gone; nothing to tell.
        }
        DisposeResources();
    }

    private void DisposeResources()
    {
        while (_prepared.TryDequeue(out var batch))
            batch.Dispose();
        foreach (var evaluator in _evaluators.Values)
            evaluator.Dispose();
        _he?.Dispose();
        _keys?.Dispose();
        _coefficient?.Dispose();
    }

    private byte[] RunHandshake()
    {
        var mine = Handshake.Create(Handshake.ClientRole, _plan, _options.PolyModulusDegree, (byte)_options.Compression,
            [.. _linear.Select(l => (byte)l.Encoding)], _options.Random);
        byte[] hello = Handshake.Encode(mine);
        _channel.SendFrame(hello);
        _channel.Flush();
        var (kind, _, _) = Wire.ReceiveHeader(_channel);
        if (kind == MessageKind.HelloReject)
            throw new ProtocolException("The server refused the session: " + Handshake.ReceiveReason(_channel));
        if (kind != MessageKind.HelloAccept)
            throw new ProtocolException($"Expected the server's hello, got {Wire.Describe(kind)}.");
        byte[] reply = _channel.ReceiveFrame(Handshake.MaxHelloLength);
        string? mismatch = Handshake.Compare(mine, Handshake.Decode(reply), Handshake.ServerRole, 0);
        if (mismatch is not null)
        {
            Handshake.SendReject(_channel, MessageKind.HelloReject, mismatch);
            throw new ProtocolException("Handshake mismatch: " + mismatch);
        }
        byte[] sessionId = Handshake.SessionId(hello, reply);
        Wire.SendHeader(_channel, MessageKind.Confirm, -1, 0);
        _channel.SendFrame(sessionId);
        _channel.Flush();
        return sessionId;
    }

    private Batch PreprocessCore(ulong id)
    {
        var batch = new Batch(id, _plan.Steps.Length + 1);
        var meter = new CostMeter(_channel, ProtocolPhase.Offline);
        try
        {
            Wire.SendHeader(_channel, MessageKind.OfflineBegin, -1, id);
            _channel.SendFrame(_sessionId);
            foreach (var step in _plan.Steps)
            {
                meter.Start();
                ulong[]?[] known = batch.OfflineShares;
                ulong[]? input = known[step.Inputs[0]];
                switch (step)
                {
                    case LinearStep linear:
                    {
                        var layer = _layers[step.Index];
                        ulong[] mask = _options.Random.Uniform(linear.InputLength, _field);
                        batch.Masks[step.Index] = mask;
                        Wire.SendHeader(_channel, MessageKind.LinearRequest, step.Index, id);
                        var request = layer.IsCoefficient
                            ? _coefficient!.EncryptInput(layer.Coefficient, mask, _options.Compression)
                            : _he!.EncryptInput(layer.Slots, mask, _options.Compression);
                        foreach (byte[] ciphertext in request)
                            _channel.SendFrame(ciphertext);
                        _channel.Flush();
                        Wire.ExpectHeader(_channel, MessageKind.LinearResponse, step.Index, id);
                        var response = new byte[layer.OutputCiphertextCount][];
                        for (int i = 0; i < response.Length; i++)
                            response[i] = _channel.ReceiveFrame(_options.MaxCiphertextBytes);
                        known[step.Output] = Decrypt(layer, response, step);
                        meter.Stop(step.Index, step.Name, "linear", layer.MultiplyPlainCount, layer.RotationCount, encoding: layer.EncodingName);
                        continue;
                    }
                    case ReshareStep:
                    {
                        ulong[] mask = _options.Random.Uniform(step.OutputLength, _field);
                        batch.Masks[step.Index] = mask;
                        known[step.Output] = mask;
                        break;
                    }
                    case ReluStep relu when relu.KeptPositions.Length > 0:
                    {
                        if (input is null)
                            throw new InvalidOperationException($"{step.Name}: the plan gives the client no offline share of the site's input.");
                        ulong[] kept = [.. relu.KeptPositions.Select(i => input[i])];
                        _channel.Flush();
                        Wire.ExpectHeader(_channel, MessageKind.ReluOffline, step.Index, id);
                        batch.Evaluations[step.Index] = _evaluators[relu.TruncationBits].Prepare(kept);
                        var counts = PlanOperations.Relu(_plan, relu);
                        meter.Stop(step.Index, step.Name, "relu", andGates: counts.AndGates, ots: counts.ObliviousTransfers);
                        continue;
                    }
                    default:
                        if (input is not null && (step is not AddStep || known[step.Inputs[1]] is not null))
                            known[step.Output] = ApplyLocal(step, batch.OfflineShares);
                        break;
                }
                meter.Stop(step.Index, step.Name, Kind(step));
            }
            _channel.Flush();
            batch.Costs = meter.Costs;
            return batch;
        }
        catch
        {
            batch.Dispose();
            throw;
        }
    }

    private ulong[] OnlineCore(Batch batch, ReadOnlySpan<ulong> input)
    {
        ulong id = batch.Id;
        var meter = new CostMeter(_channel, ProtocolPhase.Online);
        var shares = new ulong[_plan.Steps.Length + 1][];
        shares[0] = input.ToArray();
        Wire.SendHeader(_channel, MessageKind.OnlineBegin, -1, id);
        _channel.SendFrame(_sessionId);
        foreach (var step in _plan.Steps)
        {
            meter.Start();
            ulong[] x = shares[step.Inputs[0]];
            switch (step)
            {
                case LinearStep:
                    Wire.SendHeader(_channel, MessageKind.LinearInput, step.Index, id);
                    Wire.SendField(_channel, Subtract(x, batch.Masks[step.Index]));
                    shares[step.Output] = batch.OfflineShares[step.Output]!;
                    break;
                case ReshareStep:
                    Wire.SendHeader(_channel, MessageKind.ReshareInput, step.Index, id);
                    Wire.SendField(_channel, Subtract(x, batch.Masks[step.Index]));
                    shares[step.Output] = batch.Masks[step.Index];
                    break;
                case ReluStep relu:
                {
                    var y = new ulong[x.Length];
                    foreach (int i in relu.IdentityPositions)
                        y[i] = LocalTruncation.Client(x[i], relu.TruncationBits);
                    if (relu.KeptPositions.Length > 0)
                    {
                        _channel.Flush();
                        Wire.ExpectHeader(_channel, MessageKind.ReluLabels, step.Index, id);
                        var results = new ulong[relu.KeptPositions.Length];
                        _evaluators[relu.TruncationBits].Complete(batch.Evaluations[step.Index], results);
                        for (int k = 0; k < results.Length; k++)
                            y[relu.KeptPositions[k]] = results[k];
                    }
                    shares[step.Output] = y;
                    break;
                }
                default:
                    shares[step.Output] = ApplyLocal(step, shares);
                    break;
            }
            meter.Stop(step.Index, step.Name, Kind(step));
        }
        meter.Start();
        _channel.Flush();
        Wire.ExpectHeader(_channel, MessageKind.Output, -1, id);
        ulong[] serverShare = Wire.ReceiveField(_channel, _plan.OutputLength, _field, "The server's output share");
        ulong[] mine = shares[^1];
        var output = new ulong[mine.Length];
        for (int i = 0; i < output.Length; i++)
            output[i] = _field.Add(mine[i], serverShare[i]);
        meter.Stop(-1, "output", "output");
        batch.OnlineCosts = meter.Costs;
        foreach (ulong[] share in shares)
            Array.Clear(share);
        return output;
    }

    /// <summary>Client-side local steps: sum pooling, residual add, local truncation.</summary>
    private ulong[] ApplyLocal(PlanStep step, ulong[]?[] shares)
    {
        ulong[] x = shares[step.Inputs[0]]!;
        return step switch
        {
            SumPoolStep pool => pool.Apply(x, _field),
            AddStep add => add.Apply(x, shares[step.Inputs[1]]!, _field),
            TruncateStep truncate => [.. x.Select(v => LocalTruncation.Client(v, truncate.Bits))],
            ReluStep relu => [.. x.Select(v => LocalTruncation.Client(v, relu.TruncationBits))], // no kept position
            _ => throw new InvalidOperationException($"{step.Kind} is not a local step."),
        };
    }

    private ulong[] Decrypt(HomomorphicLayer layer, byte[][] response, PlanStep step)
    {
        try
        {
            return layer.IsCoefficient ? _coefficient!.DecryptOutput(layer.Coefficient, response) : _he!.DecryptOutput(layer.Slots, response);
        }
        catch (Exception e) when (e is SealFormatException or SealException)
        {
            throw new ProtocolException($"{step.Name}: the server's HE response is malformed: {e.Message}", e);
        }
    }

    private ulong[] Subtract(ulong[] a, ulong[] b)
    {
        var d = new ulong[a.Length];
        for (int i = 0; i < d.Length; i++)
            d[i] = _field.Sub(a[i], b[i]);
        return d;
    }

    internal static string Kind(PlanStep step) => step.Kind switch
    {
        PlanStepKind.Linear => "linear",
        PlanStepKind.Relu => "relu",
        PlanStepKind.SumPool => "sumpool",
        PlanStepKind.Add => "add",
        PlanStepKind.Truncate => "truncate",
        PlanStepKind.Reshare => "reshare",
        _ => "unknown",
    };

    /// <summary>One prepared inference on the client: masks, offline shares, prepared garbled evaluations.</summary>
    private sealed class Batch(ulong id, int values) : IDisposable
    {
        public ulong Id { get; } = id;
        public Dictionary<int, ulong[]> Masks { get; } = [];
        public ulong[]?[] OfflineShares { get; } = new ulong[values][];
        public Dictionary<int, PreparedEvaluation> Evaluations { get; } = [];
        public ImmutableArray<StepCost> Costs { get; set; } = [];
        public ImmutableArray<StepCost> OnlineCosts { get; set; } = [];

        public void Dispose()
        {
            foreach (var e in Evaluations.Values)
                e.Dispose();
            foreach (var mask in Masks.Values)
                Array.Clear(mask);
        }
    }
}

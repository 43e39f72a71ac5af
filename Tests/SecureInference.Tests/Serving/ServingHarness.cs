using System.Diagnostics;
using PiToolkit.ModelFormat;
using PiToolkit.SecureInference.Homomorphic;
using PiToolkit.SecureInference.Hosting;
using PiToolkit.SecureInference.Protocol;
using PiToolkit.SecureInference.Serving;
using PiToolkit.SecureInference.Tests.Hosting;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Tests.Serving;

/// <summary>A tiny served model and a running <see cref="SessionServer"/> with an <see cref="InferenceService"/> on loopback.</summary>
internal sealed class ServingHarness : IAsyncDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly CancellationTokenSource _stop = new();

    private ServingHarness(ModelGraph graph, CompiledModel model, InferenceService service, SessionServer server, ListLogger log)
    {
        Graph = graph;
        Model = model;
        Service = service;
        Server = server;
        Log = log;
        server.Start();
        Run = server.RunAsync(_stop.Token);
    }

    public ModelGraph Graph { get; }

    public CompiledModel Model { get; }

    public InferenceService Service { get; }

    public SessionServer Server { get; }

    public ListLogger Log { get; }

    public Task Run { get; }

    public int Port => Server.LocalEndPoint.Port;

    /// <summary>conv 3×3 → ReLU → avg pool 2 → FC on a 1×6×6 input: every site kept, so the protocol equals the reference bit for bit.</summary>
    public static ModelGraph TinyGraph(int seed = 1)
    {
        var random = new Random(seed);
        return new ModelGraph("tiny", [1, 6, 6], 4, [0.5], [0.5],
        [
            new GraphNode(GraphOp.Conv, [0], [2, 6, 6], TestModelsRandom(random, 2 * 9, 0.5), [2, 1, 3, 3], TestModelsRandom(random, 2, 0.2), 3, 1, 1),
            new GraphNode(GraphOp.Relu, [1], [2, 6, 6]),
            new GraphNode(GraphOp.AvgPool, [2], [2, 3, 3], Kernel: 2),
            new GraphNode(GraphOp.Flatten, [3], [18]),
            new GraphNode(GraphOp.Linear, [4], [4], TestModelsRandom(random, 4 * 18, 0.5), [4, 18], TestModelsRandom(random, 4, 0.2)),
        ]);
    }

    private static float[] TestModelsRandom(Random random, int count, double scale) => Protocol.TestModels.Random(random, count, scale);

    public static ServingHarness Start(SessionLimits? limits = null, TlsServerOptions? tls = null, int prepared = 2, ModelGraph? served = null)
    {
        var graph = served ?? TinyGraph();
        var model = PlanCompiler.Compile(graph);
        var service = new InferenceService(model, PublicModel.FromServerModel(graph, model.Plan), new InferenceServiceOptions
        {
            PreparedBatches = prepared,
            // Session setup waits for the client's key generation: as long as the host's handshake deadline allows.
            Protocol = new ProtocolOptions { Timeout = TimeSpan.FromSeconds(Math.Max(60, (limits ?? new SessionLimits()).HandshakeTimeout.TotalSeconds)) },
            MaxKeyBytes = 64L << 20,
        });
        // As `pitk serve` does: keep idle as many runtimes as a full house uses (one per session plus
        // one per HE worker), or runtimes beyond the default 8 are torn down and started again (~0.3 s each).
        var sessions = (limits ?? new SessionLimits()).MaxConcurrentSessions;
        SealRuntimePool.Shared.MaxIdle = Math.Max(SealRuntimePool.Shared.MaxIdle, sessions * (1 + service.Protocol.Workers));
        var log = new ListLogger();
        var server = new SessionServer(new SessionServerOptions { Port = 0, Tls = tls, Limits = limits ?? new SessionLimits() }, service.Handler, log);
        return new ServingHarness(graph, model, service, server, log);
    }

    public static SessionClientOptions Plain => new() { HandshakeTimeout = TimeSpan.FromSeconds(20), IdleTimeout = TimeSpan.FromSeconds(60) };

    public static SessionClientOptions Pinned(CertificateFingerprint pin) => Plain with { Tls = TlsClientOptions.Pinned(pin) };

    public Task<InferenceClient> ConnectAsync(SessionClientOptions? options = null) =>
        InferenceClient.ConnectAsync("127.0.0.1", Port, options ?? Plain).WaitAsync(Bound);

    /// <summary>A normalised input as a picture in [0, 1] gives after (x − 0.5)/0.5.</summary>
    public static float[] RandomInput(Random random) => [.. Enumerable.Range(0, 36).Select(_ => (float)(random.NextDouble() * 2 - 1))];

    /// <summary>The reference interpreter's output for an input, which the protocol must equal exactly for this model.</summary>
    public ulong[] Reference(float[] input) => ReferenceInterpreter.Evaluate(Model, Model.Plan.QuantizeInput(input)).Output.ToArray();

    /// <summary>Whether a protocol output is the reference's, within its stated bound for locally truncated values (exactly, for the tiny model).</summary>
    public bool Admits(float[] input, InferenceResult result) =>
        ReferenceInterpreter.Evaluate(Model, Model.Plan.QuantizeInput(input)).Admits(result.Output.AsSpan(), Model.Plan.Field);

    public async Task WaitUntil(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Bound) Assert.Fail($"timed out waiting until {what}\n{Log.Text}");
            await Task.Delay(20);
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Run.WaitAsync(Bound);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Server.DisposeAsync();
        Service.Dispose();
        _stop.Dispose();
    }
}

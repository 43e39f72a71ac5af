using BenchmarkDotNet.Attributes;
using PiToolkit.SecureInference.Homomorphic;
using PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;
using PiToolkit.SecureInference.Protocol;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.Bench.Protocol;

/// <summary>
/// One end-to-end private inference, offline and online measured separately, both parties in this
/// process over an in-memory channel (they share the machine's cores), N = 8192, Delphi's p, f = 8:
/// LeNet-5 with average pooling at 500 of its 4,684 ReLUs (random positions), and MiniONN-MNIST with
/// average pooling and all 10,340 ReLUs. Random weights: cost does not depend on their values.
/// Session setup (keys, base OTs) is in [GlobalSetup]. Both HE encodings, with as many HE workers
/// as cores (the protocol's default).
/// </summary>
[InvocationCount(1)]
public class Perf_Protocol_Inference
{
    private SealRuntime _clientRuntime = null!, _serverRuntime = null!;
    private InMemoryChannel _clientChannel = null!, _serverChannel = null!;
    private SecureInferenceClient _client = null!;
    private SecureInferenceServer? _server;
    private Task _serving = null!;
    private ulong[] _input = null!;

    /// <summary>
    /// Model and HE encoding of the linear layers. MiniONN's conv2 cannot run slot-encoded (its noise
    /// cannot be flooded with the guaranteed bound), so it runs with coefficient encoding only.
    /// </summary>
    [Params("lenet5-500 slots", "lenet5-500 coefficient", "minionn-all coefficient")]
    public string Case { get; set; } = "lenet5-500 coefficient";

    [GlobalSetup]
    public void Setup()
    {
        string[] parts = Case.Split(' ');
        var model = parts[0] == "lenet5-500" ? LeNet5(500) : MiniOnn();
        var options = new ProtocolOptions { Encoding = Enum.Parse<HomomorphicEncoding>(parts[1], ignoreCase: true) };
        _clientRuntime = SealRuntime.Create();
        _serverRuntime = SealRuntime.Create();
        (_clientChannel, _serverChannel) = InMemoryChannel.CreatePair();
        _serving = Task.Run(() =>
        {
            _server = new SecureInferenceServer(_serverChannel, _serverRuntime, model, options);
            _server.Serve();
        });
        _client = new SecureInferenceClient(_clientChannel, _clientRuntime, model.Plan, options);
        var random = new Random(3);
        _input = model.Plan.QuantizeInput([.. Enumerable.Range(0, model.Plan.InputLength).Select(_ => (float)(random.NextDouble() * 2 - 0.5))]);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _serving.Wait(TimeSpan.FromMinutes(1));
        _server?.Dispose();
        _clientChannel.Dispose();
        _serverChannel.Dispose();
        _clientRuntime.Dispose();
        _serverRuntime.Dispose();
    }

    [Benchmark]
    public ulong Offline() => _client.Preprocess();

    // The prepared batches an offline iteration leaves are used up outside the measurement.
    [IterationCleanup(Target = nameof(Offline))]
    public void UsePrepared()
    {
        while (_client.PreparedCount > 0)
            _client.Infer(_input);
    }

    [IterationSetup(Target = nameof(Online))]
    public void Prepare() => _client.Preprocess();

    [Benchmark]
    public int Online() => _client.Infer(_input).Prediction;

    private static float[] Weights(Random random, int count, double scale) =>
        [.. Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale))];

    private static CompiledModel LeNet5(int kept)
    {
        var random = new Random(1);
        const int total = 3456 + 1024 + 120 + 84;
        var flags = new bool[total];
        foreach (int i in Enumerable.Range(0, total).OrderBy(_ => random.Next()).Take(kept))
            flags[i] = true;
        var b = new PlanBuilder([1, 28, 28]);
        int v = b.Convolution("conv1", PlanBuilder.Input, 6, 5, 1, 0, Weights(random, 6 * 25, 0.4), Weights(random, 6, 0.1));
        v = b.Relu("relu1", v, flags.AsSpan(0, 3456));
        v = b.AveragePool("pool1", v, 2);
        v = b.Convolution("conv2", v, 16, 5, 1, 0, Weights(random, 16 * 6 * 25, 0.15), Weights(random, 16, 0.1));
        v = b.Relu("relu2", v, flags.AsSpan(3456, 1024));
        v = b.AveragePool("pool2", v, 2);
        v = b.FullyConnected("fc1", v, 120, Weights(random, 120 * 256, 0.1), Weights(random, 120, 0.1));
        v = b.Relu("relu3", v, flags.AsSpan(4480, 120));
        v = b.FullyConnected("fc2", v, 84, Weights(random, 84 * 120, 0.15), Weights(random, 84, 0.1));
        v = b.Relu("relu4", v, flags.AsSpan(4600, 84));
        b.FullyConnected("fc3", v, 10, Weights(random, 10 * 84, 0.2), Weights(random, 10, 0.1));
        return b.Build();
    }

    private static CompiledModel MiniOnn()
    {
        var random = new Random(2);
        var b = new PlanBuilder([1, 28, 28]);
        int v = b.Convolution("conv1", PlanBuilder.Input, 16, 5, 1, 0, Weights(random, 16 * 25, 0.4), Weights(random, 16, 0.1));
        v = b.Relu("relu1", v);
        v = b.AveragePool("pool1", v, 2);
        v = b.Convolution("conv2", v, 16, 5, 1, 0, Weights(random, 16 * 16 * 25, 0.1), Weights(random, 16, 0.1));
        v = b.Relu("relu2", v);
        v = b.AveragePool("pool2", v, 2);
        v = b.FullyConnected("fc1", v, 100, Weights(random, 100 * 256, 0.1), Weights(random, 100, 0.1));
        v = b.Relu("relu3", v);
        b.FullyConnected("fc2", v, 10, Weights(random, 10 * 100, 0.2), Weights(random, 10, 0.1));
        return b.Build();
    }
}

using BenchmarkDotNet.Attributes;
using PiToolkit.SecureInference.Homomorphic;
using PiToolkit.SecureInference.Homomorphic.LinearLayers;
using PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;

namespace PiToolkit.Bench.Homomorphic;

/// <summary>
/// Coefficient encoding with 1 and 2 SEAL runtimes per party (one core each): how a layer's
/// independent products and ciphertexts scale across cores.
/// </summary>
public class Perf_Homomorphic_CoefficientWorkers
{
    private CoefficientLinearClient _client = null!;
    private CoefficientLinearServer _server = null!;
    private CoefficientLinearPlan _plan = null!;
    private ulong[] _weights = [], _mask = [], _share = [];
    private IReadOnlyList<byte[]> _request = [], _response = [];

    /// <summary>Runtimes per party.</summary>
    [Params(1, 2)]
    public int Workers { get; set; }

    /// <summary>The layer.</summary>
    [Params("ResNet-20 16x32x32->16 k3 p1", "MiniONN conv2 16x12x12->16 k5")]
    public string Layer { get; set; } = "";

    /// <summary>Keys, plan, one request and one response.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var parameters = EncryptionParameters.Bfv8192();
        var geometry = Layer.StartsWith("ResNet", StringComparison.Ordinal)
            ? new ConvolutionGeometry(16, 32, 32, 16, 3, 3, 1, 1)
            : new ConvolutionGeometry(16, 12, 12, 16, 5, 5);
        _plan = CoefficientLinearPlan.ForConvolution(geometry, parameters);
        _client = new CoefficientLinearClient(parameters, Workers);
        _server = new CoefficientLinearServer(parameters, _client.SavePublicKey(), Workers);
        var random = new Random(5);
        _weights = [.. Enumerable.Range(0, geometry.WeightCount).Select(_ => parameters.Field.FromSigned(random.NextInt64(-128, 128)))];
        _mask = parameters.Field.SampleUniform(geometry.InputCount);
        _share = parameters.Field.SampleUniform(geometry.OutputCount);
        _request = _client.EncryptInput(_plan, _mask);
        _response = _server.Evaluate(_plan, _weights, _request, _share).Ciphertexts;
        Console.WriteLine($"// {Layer}, {Workers} workers: {_plan}");
    }

    /// <summary>Releases the runtimes.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _server.Dispose();
        _client.Dispose();
    }

    /// <summary>Server: the whole layer.</summary>
    [Benchmark]
    public LinearLayerResponse ServerEvaluate() => _server.Evaluate(_plan, _weights, _request, _share);

    /// <summary>Client: encrypt r and decrypt the share.</summary>
    [Benchmark]
    public ulong[] ClientEncryptAndDecrypt()
    {
        _client.EncryptInput(_plan, _mask);
        return _client.DecryptOutput(_plan, _response);
    }
}

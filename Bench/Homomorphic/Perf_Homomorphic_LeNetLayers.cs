using BenchmarkDotNet.Attributes;
using PiToolkit.SecureInference.Homomorphic;
using PiToolkit.SecureInference.Homomorphic.LinearLayers;

namespace PiToolkit.Bench.Homomorphic;

/// <summary>
/// Delphi's offline linear layer for LeNet-5-sized layers at N = 8192 with p = 2061584302081:
/// conv1 (1×28×28 → 6, 5×5) and fc1 (400 → 120). Server = load Enc(r), evaluate, mask,
/// re-randomise, flood, serialize; client = encrypt r, then decrypt the response.
/// </summary>
public class Perf_Homomorphic_LeNetLayers
{
    private SealRuntime _runtime = null!;
    private SealKeyBundle _keys = null!;
    private HomomorphicLinearClient _client = null!;
    private HomomorphicLinearServer _server = null!;
    private LinearLayerPlan _plan = null!;
    private ulong[] _weights = [], _mask = [], _share = [];
    private IReadOnlyList<byte[]> _request = [];
    private IReadOnlyList<byte[]> _response = [];

    [Params("conv1 1x28x28->6 k5", "fc1 400->120")]
    public string Layer { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var parameters = EncryptionParameters.Bfv8192();
        _runtime = SealRuntime.Create();
        _plan = Layer.StartsWith("conv", StringComparison.Ordinal)
            ? LinearLayerPlan.ForConvolution(new ConvolutionGeometry(1, 28, 28, 6, 5, 5), parameters)
            : LinearLayerPlan.ForFullyConnected(new FullyConnectedGeometry(400, 120), parameters);
        _keys = SealKeyBundle.Create(_runtime, parameters, _plan.RotationSteps.AsSpan());
        _client = new HomomorphicLinearClient(_keys.Context, _keys.PublicKey, _keys.SecretKey);
        _server = new HomomorphicLinearServer(_keys.Context, _keys.PublicKey, _keys.GaloisKeys);
        var random = new Random(5);
        _weights = Enumerable.Range(0, _plan.WeightCount).Select(_ => parameters.Field.FromSigned(random.NextInt64(-128, 128))).ToArray();
        _mask = parameters.Field.SampleUniform(_plan.InputCount);
        _share = parameters.Field.SampleUniform(_plan.OutputCount);
        _request = _client.EncryptInput(_plan, _mask);
        var response = _server.Evaluate(_plan, _weights, _request, _share);
        _response = response.Ciphertexts;
        Console.WriteLine($"// {Layer}: {response.Stats}");
    }

    [GlobalCleanup]
    public void Cleanup() => _runtime.Dispose();

    [Benchmark]
    public IReadOnlyList<byte[]> ClientEncrypt() => _client.EncryptInput(_plan, _mask);

    [Benchmark]
    public LinearLayerResponse ServerEvaluate() => _server.Evaluate(_plan, _weights, _request, _share);

    [Benchmark]
    public ulong[] ClientDecrypt() => _client.DecryptOutput(_plan, _response);
}

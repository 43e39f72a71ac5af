using BenchmarkDotNet.Attributes;
using PiToolkit.SecureInference.Homomorphic;
using PiToolkit.SecureInference.Homomorphic.LinearLayers;
using PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;

namespace PiToolkit.Bench.Homomorphic;

/// <summary>
/// Slot (Gazelle-style, rotations) against coefficient (Cheetah-style, multiply_plain only) encoding
/// on the layers of LeNet-5, MiniONN-MNIST and one ResNet-20 3×3 layer, in one run, N = 8192, one
/// worker each. Setup prints bytes each way and key bytes per case (lines starting with "//").
/// </summary>
[MemoryDiagnoser]
public class Perf_Homomorphic_Encodings
{
    private static readonly Dictionary<string, (ConvolutionGeometry? Conv, FullyConnectedGeometry? Fc)> Layers = new()
    {
        ["LeNet conv1 1x28x28->6 k5"] = (new ConvolutionGeometry(1, 28, 28, 6, 5, 5), null),
        ["LeNet conv2 6x12x12->16 k5"] = (new ConvolutionGeometry(6, 12, 12, 16, 5, 5), null),
        ["LeNet fc1 400->120"] = (null, new FullyConnectedGeometry(400, 120)),
        ["MiniONN conv1 1x28x28->16 k5"] = (new ConvolutionGeometry(1, 28, 28, 16, 5, 5), null),
        ["MiniONN conv2 16x12x12->16 k5"] = (new ConvolutionGeometry(16, 12, 12, 16, 5, 5), null),
        ["MiniONN fc1 256->100"] = (null, new FullyConnectedGeometry(256, 100)),
        ["MiniONN fc2 100->10"] = (null, new FullyConnectedGeometry(100, 10)),
        ["ResNet-20 16x32x32->16 k3 p1"] = (new ConvolutionGeometry(16, 32, 32, 16, 3, 3, 1, 1), null),
    };

    private readonly List<IDisposable> _owned = [];
    private Func<IReadOnlyList<byte[]>> _encrypt = null!;
    private Func<IReadOnlyList<byte[]>> _evaluate = null!;
    private Func<ulong[]> _decrypt = null!;

    /// <summary>The layer.</summary>
    [ParamsSource(nameof(LayerNames))]
    public string Layer { get; set; } = "";

    /// <summary>The encoding.</summary>
    [Params(HomomorphicEncoding.Slots, HomomorphicEncoding.Coefficient)]
    public HomomorphicEncoding Encoding { get; set; }

    /// <summary>Layer names for <see cref="Layer"/>.</summary>
    public static IEnumerable<string> LayerNames => Layers.Keys;

    /// <summary>Keys, plans, one request and one response.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var parameters = EncryptionParameters.Bfv8192();
        var field = parameters.Field;
        var (conv, fc) = Layers[Layer];
        var geometry = conv ?? new ConvolutionGeometry(fc!.Inputs, 1, 1, fc.Outputs, 1, 1);
        var random = new Random(5);
        ulong[] weights = [.. Enumerable.Range(0, geometry.WeightCount).Select(_ => field.FromSigned(random.NextInt64(-128, 128)))];
        ulong[] mask = field.SampleUniform(geometry.InputCount);
        ulong[] share = field.SampleUniform(geometry.OutputCount);
        long keyBytes;
        if (Encoding == HomomorphicEncoding.Slots)
        {
            var runtime = Own(SealRuntime.Create());
            var plan = conv is not null ? LinearLayerPlan.ForConvolution(conv, parameters) : LinearLayerPlan.ForFullyConnected(fc!, parameters);
            var keys = Own(SealKeyBundle.Create(runtime, parameters, plan.RotationSteps.AsSpan()));
            keyBytes = keys.SavePublicKey().Length + keys.SaveGaloisKeys().Length;
            var client = Own(new HomomorphicLinearClient(keys.Context, keys.PublicKey, keys.SecretKey));
            var server = Own(new HomomorphicLinearServer(keys.Context, keys.PublicKey, keys.GaloisKeys));
            var request = client.EncryptInput(plan, mask);
            var response = server.Evaluate(plan, weights, request, share);
            _encrypt = () => client.EncryptInput(plan, mask);
            _evaluate = () => server.Evaluate(plan, weights, request, share).Ciphertexts;
            _decrypt = () => client.DecryptOutput(plan, response.Ciphertexts);
            Report(response.Stats, keyBytes, $"{plan.MultiplyPlainCount} multiply_plain, {plan.RotationCount} rotations");
        }
        else
        {
            var plan = conv is not null ? CoefficientLinearPlan.ForConvolution(conv, parameters) : CoefficientLinearPlan.ForFullyConnected(fc!, parameters);
            var client = Own(new CoefficientLinearClient(parameters));
            byte[] publicKey = client.SavePublicKey();
            keyBytes = publicKey.Length;
            var server = Own(new CoefficientLinearServer(parameters, publicKey));
            var request = client.EncryptInput(plan, mask);
            var response = server.Evaluate(plan, weights, request, share);
            _encrypt = () => client.EncryptInput(plan, mask);
            _evaluate = () => server.Evaluate(plan, weights, request, share).Ciphertexts;
            _decrypt = () => client.DecryptOutput(plan, response.Ciphertexts);
            Report(response.Stats, keyBytes, plan.ToString());
        }
    }

    /// <summary>Releases the runtimes.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
            _owned[i].Dispose();
        _owned.Clear();
    }

    /// <summary>Client: pack and encrypt r.</summary>
    [Benchmark]
    public IReadOnlyList<byte[]> ClientEncrypt() => _encrypt();

    /// <summary>Server: Enc(M·r − s), masked, re-randomised, flooded (coefficient: also switched down).</summary>
    [Benchmark]
    public IReadOnlyList<byte[]> ServerEvaluate() => _evaluate();

    /// <summary>Client: decrypt the share.</summary>
    [Benchmark]
    public ulong[] ClientDecrypt() => _decrypt();

    private void Report(LinearLayerStats stats, long keyBytes, string shape) =>
        Console.WriteLine($"// {Layer} | {Encoding} | cts {stats.CiphertextsIn}/{stats.CiphertextsOut} | bytes client->server {stats.BytesIn:N0} "
            + $"| server->client {stats.BytesOut:N0} | key bytes {keyBytes:N0} | {shape}");

    private T Own<T>(T item) where T : IDisposable
    {
        _owned.Add(item);
        return item;
    }
}

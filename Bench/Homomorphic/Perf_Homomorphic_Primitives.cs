using BenchmarkDotNet.Attributes;
using PiToolkit.SecureInference.Homomorphic;

namespace PiToolkit.Bench.Homomorphic;

/// <summary>SEAL BFV primitives through the C# API, single thread, warm engine.</summary>
[MemoryDiagnoser]
public class Perf_Homomorphic_Primitives
{
    private HomomorphicBenchSetup _s = null!;

    [Params(4096, 8192)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup() => _s = new HomomorphicBenchSetup(N);

    [GlobalCleanup]
    public void Cleanup() => _s.Dispose();

    [Benchmark]
    public void KeyGen()
    {
        using var generator = new KeyGenerator(_s.Context);
        using var key = generator.CreatePublicKey();
    }

    [Benchmark]
    public void Encrypt() => _s.Encryptor.Encrypt(_s.Plain, _s.Destination);

    [Benchmark]
    public void MultiplyPlain() => _s.Evaluator.MultiplyPlain(_s.Cipher, _s.Plain, _s.Destination);

    [Benchmark]
    public void RotateRows() => _s.Evaluator.RotateRows(_s.Cipher, 1, _s.GaloisKeys, _s.Destination);

    [Benchmark]
    public void Decrypt() => _s.Decryptor.Decrypt(_s.Cipher, _s.PlainDestination);

    [Benchmark]
    public ulong[] EncodeDecode()
    {
        using var plain = _s.Encoder.Encode(_s.Encoder.Decode(_s.Plain));
        return _s.Encoder.Decode(plain);
    }
}

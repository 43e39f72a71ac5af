using BenchmarkDotNet.Attributes;

namespace PiToolkit.Bench.Homomorphic;

/// <summary>
/// The C# wrapper's cost over node-seal itself: the same SEAL call, 20 times, once in a loop
/// written in JavaScript inside the same engine (baseline, one host call for all 20) and once
/// through the C# API (20 host calls, argument marshaling, the runtime's lock). Ratio = overhead.
/// </summary>
public class Perf_Homomorphic_WrapperOverhead
{
    private const int Ops = 20;
    private HomomorphicBenchSetup _s = null!;

    [Params(4096, 8192)]
    public int N { get; set; }

    [Params("multiply_plain", "rotate_rows", "encrypt", "decrypt")]
    public string Op { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _s = new HomomorphicBenchSetup(N);

    [GlobalCleanup]
    public void Cleanup() => _s.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops)]
    public void PureJavaScriptLoop()
    {
        var f = _s.Runtime.Functions;
        _ = Op switch
        {
            "multiply_plain" => _s.Runtime.Call(f.LoopMultiplyPlain, _s.Evaluator.Handle, _s.Cipher.Handle, _s.Plain.Handle, _s.Destination.Handle, Ops),
            "rotate_rows" => _s.Runtime.Call(f.LoopRotateRows, _s.Evaluator.Handle, _s.Cipher.Handle, 1, _s.GaloisKeys.Handle, _s.Destination.Handle, Ops),
            "encrypt" => _s.Runtime.Call(f.LoopEncrypt, _s.Encryptor.Handle, _s.Plain.Handle, _s.Destination.Handle, Ops),
            _ => _s.Runtime.Call(f.LoopDecrypt, _s.Decryptor.Handle, _s.Cipher.Handle, _s.PlainDestination.Handle, Ops),
        };
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public void CSharpApi()
    {
        for (int i = 0; i < Ops; i++)
        {
            switch (Op)
            {
                case "multiply_plain": _s.Evaluator.MultiplyPlain(_s.Cipher, _s.Plain, _s.Destination); break;
                case "rotate_rows": _s.Evaluator.RotateRows(_s.Cipher, 1, _s.GaloisKeys, _s.Destination); break;
                case "encrypt": _s.Encryptor.Encrypt(_s.Plain, _s.Destination); break;
                default: _s.Decryptor.Decrypt(_s.Cipher, _s.PlainDestination); break;
            }
        }
    }
}

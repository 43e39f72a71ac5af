using BenchmarkDotNet.Attributes;
using PiToolkit.SecureInference.Garbling;
using PiToolkit.SecureInference.ObliviousTransfer;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.Bench.ObliviousTransfer;

/// <summary>128 Chou-Orlandi base OTs on P-256 (BouncyCastle), both parties in this process: the IKNP setup cost.</summary>
public class Perf_ObliviousTransfer_BaseOt
{
    private readonly bool[] _choices = [.. Enumerable.Range(0, 128).Select(i => (i * 7919 & 1) == 1)];

    [Benchmark]
    public void Base_OTs_128()
    {
        var (a, b) = InMemoryChannel.CreatePair();
        using (a)
        using (b)
        {
            var k0 = new Label[128];
            var k1 = new Label[128];
            var send = Task.Run(() => ChouOrlandiOt.SendRandom(a, k0, k1));
            ChouOrlandiOt.ReceiveRandom(b, _choices, new Label[128]);
            send.GetAwaiter().GetResult();
        }
    }
}

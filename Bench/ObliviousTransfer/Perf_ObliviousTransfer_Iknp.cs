using BenchmarkDotNet.Attributes;
using PiToolkit.SecureInference.Garbling;
using PiToolkit.SecureInference.ObliviousTransfer;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.Bench.ObliviousTransfer;

/// <summary>
/// IKNP OT extension, 2^20 OTs per call, sender and receiver in this process over an in-memory
/// channel (base OTs in setup, not measured). Reported per OT.
/// </summary>
[MemoryDiagnoser]
public class Perf_ObliviousTransfer_Iknp
{
    private const int Count = 1 << 20;
    private InMemoryChannel _a = null!, _b = null!;
    private IknpSender _sender = null!;
    private IknpReceiver _receiver = null!;
    private Label[] _m0 = null!, _m1 = null!, _out = null!;
    private bool[] _choices = null!;
    private Label _delta;

    [GlobalSetup]
    public void Setup()
    {
        (_a, _b) = InMemoryChannel.CreatePair();
        var sender = Task.Run(() => IknpSender.Setup(_a));
        _receiver = IknpReceiver.Setup(_b);
        _sender = sender.GetAwaiter().GetResult();
        _m0 = new Label[Count];
        _m1 = new Label[Count];
        _out = new Label[Count];
        var random = new Random(1);
        _choices = [.. Enumerable.Range(0, Count).Select(_ => random.Next(2) == 1)];
        _delta = Label.RandomDelta();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        _receiver.Dispose();
        _a.Dispose();
        _b.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    public void Chosen_message()
    {
        var send = Task.Run(() => _sender.SendChosen(_m0, _m1));
        _receiver.ReceiveChosen(_choices, _out);
        send.GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public void Correlated()
    {
        var send = Task.Run(() => _sender.SendCorrelated(_delta, _m0));
        _receiver.ReceiveCorrelated(_choices, _out);
        send.GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public void Random()
    {
        var send = Task.Run(() => _sender.SendRandom(_m0, _m1));
        _receiver.ReceiveRandom(_choices, _out);
        send.GetAwaiter().GetResult();
    }
}

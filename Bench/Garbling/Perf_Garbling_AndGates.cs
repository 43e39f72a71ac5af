using BenchmarkDotNet.Attributes;
using PiToolkit.SecureInference.Circuits;
using PiToolkit.SecureInference.Garbling;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.Bench.Garbling;

/// <summary>
/// Half-gates garbling and evaluation throughput on one core: a 65,536-AND random DAG (pure AND
/// work; reported per AND gate) and the public AES-128 circuit (6,400 AND + 28,176 XOR; reported per
/// AND gate, XORs included). Null channel = compute only; in-memory = tables streamed through an
/// <see cref="InMemoryChannel"/> to a thread that drains them.
/// </summary>
[MemoryDiagnoser]
public class Perf_Garbling_AndGates
{
    private const int Ands = 1 << 16;
    private Circuit _dag = null!;
    private Circuit _aes = null!;
    private Label[] _dagZero = null!, _aesZero = null!, _dagLabels = null!, _aesLabels = null!;
    private Label[] _dagTables = null!, _aesTables = null!;
    private Label _delta;
    private InMemoryChannel _send = null!, _drain = null!;
    private Thread _drainer = null!;
    private readonly NullChannel _null = new();

    [GlobalSetup]
    public void Setup()
    {
        _dag = BenchCircuits.RandomAnds(Ands);
        _aes = BenchCircuits.Public("aes_128.txt");
        (_dagZero, _delta) = BenchCircuits.Labels(_dag, 1);
        (_aesZero, _) = BenchCircuits.Labels(_aes, 1);
        _dagTables = new Label[2 * _dag.AndCount];
        _aesTables = new Label[2 * _aes.AndCount];
        HalfGates.Garble(_dag, _dagZero, _delta, 0, _dagTables);
        HalfGates.Garble(_aes, _aesZero, _delta, 0, _aesTables);
        _dagLabels = (Label[])_dagZero.Clone();
        _aesLabels = (Label[])_aesZero.Clone();
        (_send, _drain) = InMemoryChannel.CreatePair();
        _drainer = new Thread(() =>
        {
            try
            {
                var buffer = new byte[4 << 20];
                Span<byte> header = stackalloc byte[4];
                while (true)
                {
                    _drain.Receive(header);
                    _drain.Receive(buffer.AsSpan(0, BitConverter.ToInt32(header)));
                }
            }
            catch (IOException)
            {
            }
        }) { IsBackground = true };
        _drainer.Start();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _send.Dispose();
        _drain.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Ands)]
    public void Garble_random_AND_dag_null_channel()
    {
        HalfGates.Garble(_dag, _dagZero, _delta, 0, _dagTables);
        _null.SendFrame<Label>(_dagTables);
    }

    [Benchmark(OperationsPerInvoke = Ands)]
    public void Garble_random_AND_dag_in_memory_channel()
    {
        HalfGates.Garble(_dag, _dagZero, _delta, 0, _dagTables);
        _send.SendFrame<Label>(_dagTables);
        _send.Flush();
    }

    [Benchmark(OperationsPerInvoke = Ands)]
    public void Evaluate_random_AND_dag() => HalfGates.Evaluate(_dag, _dagLabels, 0, _dagTables);

    [Benchmark(OperationsPerInvoke = 6400)]
    public void Garble_aes128_null_channel()
    {
        HalfGates.Garble(_aes, _aesZero, _delta, 0, _aesTables);
        _null.SendFrame<Label>(_aesTables);
    }

    [Benchmark(OperationsPerInvoke = 6400)]
    public void Evaluate_aes128() => HalfGates.Evaluate(_aes, _aesLabels, 0, _aesTables);
}

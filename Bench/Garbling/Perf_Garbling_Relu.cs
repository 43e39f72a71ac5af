using BenchmarkDotNet.Attributes;
using PiToolkit.SecureInference.Arithmetic;
using PiToolkit.SecureInference.Circuits;
using PiToolkit.SecureInference.Garbling;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.Bench.Garbling;

/// <summary>
/// ReLU on shares at Delphi's 41-bit prime with 8 fractional bits: garbling and evaluating one
/// lock-step batch of 2,048 ReLUs (compute only; reported per ReLU), and the whole protocol end to
/// end — correlated OT for the evaluator's 41 input bits, garbling, streaming over an in-memory
/// channel, evaluation and arithmetic output — for 16,384 ReLUs with both parties in this process
/// (on two cores, garbler and evaluator overlap).
/// </summary>
[MemoryDiagnoser]
public class Perf_Garbling_Relu
{
    private const int Batch = ShareCircuitGarbler.ChunkSize;
    private const int EndToEnd = 1 << 14;
    private ShareCircuit _relu = null!;
    private Label[] _zero = null!, _labels = null!, _tables = null!;
    private Label _delta;
    private readonly ulong[] _corrections = new ulong[64 * Batch];
    private readonly ulong[] _deltas = new ulong[Batch];
    private ulong[] _a = null!, _b = null!, _r = null!, _out = null!;
    private InMemoryChannel _g = null!, _e = null!;
    private ShareCircuitGarbler _garbler = null!;
    private ShareCircuitEvaluator _evaluator = null!;

    [GlobalSetup]
    public void Setup()
    {
        _relu = ShareCircuit.Relu(PrimeField.Delphi, 8);
        var circuit = _relu.Circuit;
        (_zero, _delta) = BenchCircuits.Labels(circuit, Batch);
        _tables = new Label[HalfGates.TableLength(circuit, 0, circuit.GateCount, Batch)];
        HalfGates.GarbleBatch(circuit, 0, circuit.GateCount, Batch, _zero, _delta, 0, _tables);
        _labels = (Label[])_zero.Clone();
        var random = new Random(5);
        _a = [.. Enumerable.Range(0, EndToEnd).Select(_ => (ulong)random.NextInt64((long)PrimeField.DelphiModulus))];
        _b = [.. Enumerable.Range(0, EndToEnd).Select(_ => (ulong)random.NextInt64((long)PrimeField.DelphiModulus))];
        _r = [.. Enumerable.Range(0, EndToEnd).Select(_ => (ulong)random.NextInt64((long)PrimeField.DelphiModulus))];
        _out = new ulong[EndToEnd];
        (_g, _e) = InMemoryChannel.CreatePair();
        var garbler = Task.Run(() => new ShareCircuitGarbler(_g, _relu));
        _evaluator = new ShareCircuitEvaluator(_e, _relu);
        _garbler = garbler.GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _garbler.Dispose();
        _evaluator.Dispose();
        _g.Dispose();
        _e.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Garble_relu_batch() =>
        HalfGates.GarbleBatch(_relu.Circuit, 0, _relu.Circuit.GateCount, Batch, _zero, _delta, 0, _tables);

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Evaluate_relu_batch() =>
        HalfGates.EvaluateBatch(_relu.Circuit, 0, _relu.Circuit.GateCount, Batch, _labels, 0, _tables);

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Arithmetic_outputs_garbler() =>
        ArithmeticOutputs.Garble(_relu, Batch, _zero, _delta, 0, _r.AsSpan(0, Batch), _corrections, _deltas);

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Arithmetic_outputs_evaluator() =>
        ArithmeticOutputs.Evaluate(_relu, Batch, _labels, 0, _corrections, _deltas, _out.AsSpan(0, Batch));

    [Benchmark(OperationsPerInvoke = EndToEnd)]
    public void Relu_end_to_end_with_OT_in_memory()
    {
        var garbler = Task.Run(() => _garbler.Run(_b, _r));
        _evaluator.Run(_a, _out);
        garbler.GetAwaiter().GetResult();
    }
}

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using PiToolkit.Cli.Infrastructure;
using PiToolkit.SecureInference.Circuits;
using PiToolkit.SecureInference.Garbling;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.Cli.Commands;

/// <summary>
/// <c>pitk circuit run</c>: runs a Bristol Fashion circuit in the clear or as a two-party garbled
/// execution (garbler and evaluator as two tasks over loopback TCP or an in-memory channel).
/// </summary>
public static class CircuitCommandFactory
{
    /// <summary>The <c>circuit</c> command with its <c>run</c> subcommand.</summary>
    public static Command Create()
    {
        var command = new Command("circuit", "Boolean circuits: run Bristol Fashion circuits in the clear or garbled.");
        command.Subcommands.Add(CreateRun());
        return command;
    }

    private static Command CreateRun()
    {
        var file = new Argument<FileInfo>("file") { Description = "Bristol Fashion circuit file." };
        var inputs = new Option<string[]>("--input")
        {
            Description = "An input value as hex (big-endian integer, fed least significant bit first); once per input value, in order.",
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => [],
        };
        var garbled = new Option<bool>("--garbled") { Description = "Run as a two-party garbled execution instead of in the clear." };
        var garblerInputs = new Option<int>("--garbler-inputs")
        {
            Description = "How many of the first input values belong to the garbler; the rest are the evaluator's.",
            DefaultValueFactory = _ => 1,
        };
        garblerInputs.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0) r.AddError("--garbler-inputs must be 0 or more.");
        });
        var transport = new Option<string>("--transport")
        {
            Description = "Channel between the two parties when garbled: tcp (loopback) or memory.",
            DefaultValueFactory = _ => "tcp",
        };
        transport.AcceptOnlyFromAmong("tcp", "memory");

        var run = new Command("run", "Run a circuit on the given inputs and print the outputs as hex.");
        run.Arguments.Add(file);
        run.Options.Add(inputs);
        run.Options.Add(garbled);
        run.Options.Add(garblerInputs);
        run.Options.Add(transport);
        run.SetGuardedAction(async (parse, token) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists) throw new UserError($"no such circuit file: {path.FullName}");
            var circuit = BristolFormat.ReadFile(path.FullName);
            var values = (parse.GetValue(inputs) ?? []).Select(Bits.ParseHex).ToArray();
            if (values.Length != circuit.InputWidths.Length)
            {
                throw new UserError($"the circuit takes {circuit.InputWidths.Length} input values ({string.Join(", ", circuit.InputWidths.ToArray())} bits); {values.Length} given");
            }
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i].GetBitLength() > circuit.InputWidths[i])
                {
                    throw new UserError($"input {i} does not fit in {circuit.InputWidths[i]} bits");
                }
            }
            BigInteger[] outputs;
            string? report = null;
            if (parse.GetValue(garbled))
            {
                var split = Math.Min(parse.GetValue(garblerInputs), values.Length);
                (outputs, report) = await RunGarbled(circuit, values, split, parse.GetValue(transport)!, token).ConfigureAwait(false);
            }
            else
            {
                outputs = PlainEvaluator.Evaluate(circuit, values);
            }
            for (var o = 0; o < outputs.Length; o++)
            {
                Console.WriteLine($"output {o}: {Bits.ToHex(outputs[o], circuit.OutputWires(o).Length)}");
            }
            var other = circuit.GateCount - circuit.AndCount - circuit.XorCount;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"gates: {circuit.GateCount} ({circuit.AndCount} AND, {circuit.XorCount} XOR, {other} INV/EQ/EQW), wires: {circuit.WireCount}"));
            if (report is not null) Console.WriteLine(report);
            return 0;
        });
        return run;
    }

    private static async Task<(BigInteger[] Outputs, string Report)> RunGarbled(Circuit circuit, BigInteger[] values, int split, string transport, CancellationToken token)
    {
        var stopwatch = Stopwatch.StartNew();
        var kind = transport == "memory" ? LoopbackTransport.Memory : LoopbackTransport.Tcp;
        using var pair = await LoopbackPair.ConnectAsync(kind, token).ConfigureAwait(false);
        var (_, outputs) = await pair.RunAsync(
            garbler => { GarbledExecution.RunGarbler(garbler, circuit, values[..split]); return true; },
            evaluator => GarbledExecution.RunEvaluator(evaluator, circuit, values[split..]),
            token).ConfigureAwait(false);
        stopwatch.Stop();
        var report = string.Create(CultureInfo.InvariantCulture,
            $"garbled over {(kind == LoopbackTransport.Tcp ? "loopback TCP" : "in-memory channel")}: garbler owns {split} input value(s), evaluator {values.Length - split}; garbler sent {pair.First.BytesSent} bytes, evaluator sent {pair.Second.BytesSent} bytes; {stopwatch.Elapsed.TotalMilliseconds:F1} ms (including 128 base OTs)");
        return (outputs, report);
    }
}

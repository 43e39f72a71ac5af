using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using PiToolkit.SecureInference.Circuits;
using PiToolkit.SecureInference.Garbling;

namespace PiToolkit.SecureInference.Tests.Garbling;

public class HalfGatesTests
{
    [Theory]
    [MemberData(nameof(PublicCircuits.KnownAnswers), MemberType = typeof(PublicCircuits))]
    public void Garbled_shared_circuits_reproduce_the_known_answers(string file, string[] inputs, string[] outputs)
    {
        var circuit = PublicCircuits.Load(file);
        Assert.Equal(PublicCircuits.Hex(outputs), LocalGarbling.Run(circuit, PublicCircuits.Hex(inputs)));
    }

    [Fact]
    public void Garbled_shared_circuits_reproduce_the_known_answers_on_the_portable_AES_path()
    {
        using var portable = FixedKeyAes.ForcePortable();
        Assert.False(FixedKeyAes.UsesHardware);
        foreach (var row in PublicCircuits.KnownAnswers.Where(r => (string)r[0] != "aes_128.txt"))
        {
            var circuit = PublicCircuits.Load((string)row[0]);
            Assert.Equal(PublicCircuits.Hex((string[])row[2]), LocalGarbling.Run(circuit, PublicCircuits.Hex((string[])row[1])));
        }
    }

    [Fact]
    public void Garbled_aes128_matches_System_Security_Cryptography_on_random_keys_and_blocks()
    {
        var circuit = PublicCircuits.Load("aes_128.txt");
        using var aes = Aes.Create();
        for (var i = 0; i < 24; i++)
        {
            var key = RandomNumberGenerator.GetBytes(16);
            var block = RandomNumberGenerator.GetBytes(16);
            aes.Key = key;
            var expected = aes.EncryptEcb(block, PaddingMode.None);
            var result = LocalGarbling.Run(circuit, [BigEndian(key), BigEndian(block)], tweakBase: (ulong)i << 20);
            Assert.Equal(BigEndian(expected), result[0]);
        }
    }

    [Fact]
    public void Garbled_adder_and_multiplier_match_ulong_arithmetic()
    {
        var adder = PublicCircuits.Load("adder64.txt");
        var mult = PublicCircuits.Load("mult64.txt");
        var random = new Random(11);
        for (var i = 0; i < 20; i++)
        {
            var a = (ulong)random.NextInt64() * 3;
            var b = (ulong)random.NextInt64() * 5;
            Assert.Equal(new BigInteger(unchecked(a + b)), LocalGarbling.Run(adder, [a, b])[0]);
            Assert.Equal(new BigInteger(unchecked(a * b)), LocalGarbling.Run(mult, [a, b])[0]);
        }
    }

    [Fact]
    public void Both_AES_paths_produce_identical_garbled_tables()
    {
        var circuit = PublicCircuits.Load("adder64.txt");
        var (tables, outputs) = GarbleWithSeed(circuit, 42);
        using var portable = FixedKeyAes.ForcePortable();
        var (portableTables, portableOutputs) = GarbleWithSeed(circuit, 42);
        Assert.Equal(tables, portableTables);
        Assert.Equal(outputs, portableOutputs);
    }

    [Fact]
    public void A_batch_of_copies_equals_copies_garbled_one_by_one_with_the_batch_tweaks()
    {
        var builder = new CircuitBuilder();
        var x = builder.AddInput(8);
        var y = builder.AddInput(8);
        builder.AddOutput(builder.Multiply(x, y, 8));
        var circuit = builder.Build();
        const int copies = 5;
        var random = new Random(3);
        var delta = SeededLabel(random, forDelta: true);
        var zero = new Label[circuit.WireCount * copies];
        for (var w = 0; w < circuit.InputWireCount * copies; w++) zero[w] = SeededLabel(random);
        var tables = new Label[HalfGates.TableLength(circuit, 0, circuit.GateCount, copies)];
        HalfGates.GarbleBatch(circuit, 0, circuit.GateCount, copies, zero, delta, 1000, tables);
        var inputBits = new bool[circuit.InputWireCount * copies];
        for (var i = 0; i < inputBits.Length; i++) inputBits[i] = random.Next(2) == 1;
        var labels = new Label[zero.Length];
        for (var i = 0; i < inputBits.Length; i++) labels[i] = inputBits[i] ? zero[i] ^ delta : zero[i];
        HalfGates.EvaluateBatch(circuit, 0, circuit.GateCount, copies, labels, 1000, tables);
        for (var k = 0; k < copies; k++)
        {
            var bits = new bool[circuit.WireCount];
            for (var w = 0; w < circuit.InputWireCount; w++) bits[w] = inputBits[w * copies + k];
            PlainEvaluator.Evaluate(circuit, bits);
            foreach (var w in circuit.OutputWires(0))
            {
                Assert.Equal(bits[w], labels[w * copies + k].PermuteBit != zero[w * copies + k].PermuteBit);
            }
        }
    }

    [Fact]
    public void Garbling_in_gate_ranges_gives_the_same_tables_as_in_one_call()
    {
        var circuit = PublicCircuits.Load("mult64.txt");
        var (whole, _) = GarbleWithSeed(circuit, 8);
        var random = new Random(8);
        var delta = SeededLabel(random, forDelta: true);
        var zero = new Label[circuit.WireCount];
        for (var w = 0; w < circuit.InputWireCount; w++) zero[w] = SeededLabel(random);
        var pieces = new List<Label>();
        for (var start = 0; start < circuit.GateCount; start += 1000)
        {
            var end = Math.Min(circuit.GateCount, start + 1000);
            var tables = new Label[HalfGates.TableLength(circuit, start, end, 1)];
            HalfGates.GarbleBatch(circuit, start, end, 1, zero, delta, 0, tables);
            pieces.AddRange(tables);
        }
        Assert.Equal(whole, pieces.ToArray());
    }

    [Fact]
    public void Wire_format_of_a_fixed_seed_garbling_has_not_changed()
    {
        // Any change to the hash, the fixed key, tweak numbering or table layout changes this digest;
        // update it only together with a note that the wire format changed.
        var (tables, _) = GarbleWithSeed(PublicCircuits.Load("adder64.txt"), 2026);
        var digest = Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(tables.AsSpan())));
        Assert.Equal(WireFormatDigest, digest);
    }

    private const string WireFormatDigest = "6939f40d9290848f117d25ca664b8ebe6940b08029b81db693836f9c1b80c44f";

    [Fact]
    public void Delta_without_its_permute_bit_is_refused()
    {
        var circuit = PublicCircuits.Load("adder64.txt");
        var zero = new Label[circuit.WireCount];
        var tables = new Label[HalfGates.TableLength(circuit, 0, circuit.GateCount, 1)];
        Assert.Throws<ArgumentException>(() => HalfGates.Garble(circuit, zero, new Label(2, 3), 0, tables));
    }

    internal static (Label[] Tables, Label[] Wires) GarbleWithSeed(Circuit circuit, int seed)
    {
        var random = new Random(seed);
        var delta = SeededLabel(random, forDelta: true);
        var zero = new Label[circuit.WireCount];
        for (var w = 0; w < circuit.InputWireCount; w++) zero[w] = SeededLabel(random);
        var tables = new Label[HalfGates.TableLength(circuit, 0, circuit.GateCount, 1)];
        HalfGates.Garble(circuit, zero, delta, 0, tables);
        return (tables, zero);
    }

    /// <summary>A deterministic label for reproducible tests; production labels come from RandomNumberGenerator.</summary>
    internal static Label SeededLabel(Random random, bool forDelta = false)
    {
        var low = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
        return new Label(forDelta ? low | 1 : low, (ulong)random.NextInt64());
    }

    private static BigInteger BigEndian(byte[] bytes) => new(bytes, isUnsigned: true, isBigEndian: true);
}

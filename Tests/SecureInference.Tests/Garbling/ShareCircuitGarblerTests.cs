using PiToolkit.SecureInference.Arithmetic;
using PiToolkit.SecureInference.Circuits;
using PiToolkit.SecureInference.Garbling;
using PiToolkit.SecureInference.Tests.Circuits;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Tests.Garbling;

/// <summary>The batched ReLU / truncation protocol, garbler and evaluator together.</summary>
public class ShareCircuitGarblerTests
{
    private const ulong P = PrimeField.DelphiModulus;

    private static async Task<ulong[]> Run(ShareCircuit circuit, ulong[] a, ulong[] b, ulong[] r)
    {
        var results = new ulong[a.Length];
        using var pair = await LoopbackPair.ConnectAsync(LoopbackTransport.Memory);
        await pair.RunAsync(
            garblerChannel =>
            {
                using var garbler = new ShareCircuitGarbler(garblerChannel, circuit);
                garbler.Run(b, r);
            },
            evaluatorChannel =>
            {
                using var evaluator = new ShareCircuitEvaluator(evaluatorChannel, circuit);
                evaluator.Run(a, results);
            });
        return results;
    }

    private static (ulong[] A, ulong[] B, ulong[] R, ulong[] X) Inputs(int randomCount, int seed)
    {
        var random = new Random(seed);
        var xs = ShareCircuitTests.EdgeValues.Concat(Enumerable.Range(0, randomCount).Select(_ => (ulong)random.NextInt64((long)P))).ToArray();
        var a = new ulong[xs.Length];
        var b = new ulong[xs.Length];
        var r = new ulong[xs.Length];
        for (var i = 0; i < xs.Length; i++)
        {
            a[i] = i % 5 == 0 ? 0 : (ulong)random.NextInt64((long)P);
            b[i] = (xs[i] + P - a[i]) % P;
            r[i] = i % 7 == 0 ? 0 : (ulong)random.NextInt64((long)P);
        }
        return (a, b, r, xs);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    public async Task Garbled_relu_on_shares_equals_plaintext_relu_minus_the_mask(int f)
    {
        var circuit = ShareCircuit.Relu(PrimeField.Create(P), f);
        var (a, b, r, xs) = Inputs(5000, f); // more than two chunks
        var results = await Run(circuit, a, b, r);
        for (var i = 0; i < xs.Length; i++)
        {
            var expected = (ShareCircuitTests.ReferenceRelu(xs[i], 0, f) + P - r[i]) % P;
            Assert.Equal(expected, results[i]);
        }
    }

    [Fact]
    public async Task Offline_then_online_relu_gives_the_same_results_and_needs_the_garbler_shares_only_online()
    {
        var circuit = ShareCircuit.Relu(PrimeField.Create(P), 8);
        var (a, b, r, xs) = Inputs(4500, 31);
        var (ca, cb) = InMemoryChannel.CreatePair();
        using (ca)
        using (cb)
        {
            var garbler = Task.Run(() =>
            {
                using var g = new ShareCircuitGarbler(ca, circuit);
                var prepared = g.Prepare(r);
                var sentOffline = ca.BytesSent;
                g.Complete(prepared, b);
                Assert.Throws<InvalidOperationException>(() => g.Complete(prepared, b));
                return (Offline: sentOffline, Online: ca.BytesSent - sentOffline);
            });
            using var evaluator = new ShareCircuitEvaluator(cb, circuit);
            var prepared = evaluator.Prepare(a);
            var results = new ulong[a.Length];
            evaluator.Complete(prepared, results);
            var (offline, online) = await garbler;
            for (var i = 0; i < xs.Length; i++)
            {
                Assert.Equal((ShareCircuitTests.ReferenceRelu(xs[i], 0, 8) + P - r[i]) % P, results[i]);
            }
            // Online the garbler sends only the labels of its 42-bit words (plus frame headers).
            Assert.InRange(online, 42 * 16 * a.Length, 42 * 16 * a.Length + 64);
            Assert.True(offline > circuit.Circuit.AndCount * 32L * a.Length, "offline carries all garbled tables");
        }
    }

    [Fact]
    public async Task Garbled_truncation_on_shares_is_exact_for_negative_and_positive_values()
    {
        var circuit = ShareCircuit.Truncate(PrimeField.Create(P), 8);
        var (a, b, r, xs) = Inputs(500, 9);
        var results = await Run(circuit, a, b, r);
        for (var i = 0; i < xs.Length; i++)
        {
            Assert.Equal((ShareCircuitTests.ReferenceTruncate(xs[i], 0, 8) + P - r[i]) % P, results[i]);
        }
    }

    [Fact]
    public async Task Max_of_two_shared_values_equals_the_plaintext_max_minus_the_mask()
    {
        var circuit = ShareCircuit.Relu(PrimeField.Create(P), 0);
        var random = new Random(21);
        const int n = 300;
        var x1 = new long[n];
        var x2 = new long[n];
        ulong[] a1 = new ulong[n], a2 = new ulong[n], b1 = new ulong[n], b2 = new ulong[n], r = new ulong[n];
        for (var i = 0; i < n; i++)
        {
            x1[i] = random.NextInt64(-(1L << 38), 1L << 38);
            x2[i] = i % 10 == 0 ? x1[i] : random.NextInt64(-(1L << 38), 1L << 38);
            a1[i] = (ulong)random.NextInt64((long)P);
            a2[i] = (ulong)random.NextInt64((long)P);
            b1[i] = (Mod(x1[i]) + P - a1[i]) % P;
            b2[i] = (Mod(x2[i]) + P - a2[i]) % P;
            r[i] = (ulong)random.NextInt64((long)P);
        }
        var (ca, cb) = InMemoryChannel.CreatePair();
        using (ca)
        using (cb)
        {
            var garbler = Task.Run(() =>
            {
                using var g = new ShareCircuitGarbler(ca, circuit);
                g.RunMax(b1, b2, r);
            });
            using var evaluator = new ShareCircuitEvaluator(cb, circuit);
            var results = new ulong[n];
            evaluator.RunMax(a1, a2, results);
            await garbler;
            for (var i = 0; i < n; i++)
            {
                Assert.Equal((Mod(Math.Max(x1[i], x2[i])) + P - r[i]) % P, results[i]);
            }
        }
    }

    [Fact]
    public async Task Max_refuses_a_truncating_circuit()
    {
        var (ca, cb) = InMemoryChannel.CreatePair();
        using (ca)
        using (cb)
        {
            var garbler = Task.Run(() => new ShareCircuitGarbler(ca, ShareCircuit.Relu(PrimeField.Create(P), 8)));
            using var evaluator = new ShareCircuitEvaluator(cb, ShareCircuit.Relu(PrimeField.Create(P), 8));
            using var g = await garbler;
            Assert.Throws<InvalidOperationException>(() => g.RunMax([1], [2], [3]));
            Assert.Throws<InvalidOperationException>(() => evaluator.RunMax([1], [2], new ulong[1]));
        }
    }

    [Fact]
    public async Task Both_sides_must_agree_on_the_batch_size()
    {
        var circuit = ShareCircuit.Relu(PrimeField.Create(P), 0);
        var (ca, cb) = InMemoryChannel.CreatePair();
        using (ca)
        using (cb)
        {
            var garbler = Task.Run(() =>
            {
                using var g = new ShareCircuitGarbler(ca, circuit);
                g.Run([1, 2, 3], [0, 0, 0]);
            });
            using var evaluator = new ShareCircuitEvaluator(cb, circuit);
            Assert.Throws<ProtocolException>(() => evaluator.Run([1, 2], new ulong[2]));
            cb.Dispose();
            await Assert.ThrowsAnyAsync<IOException>(() => garbler);
        }
    }

    private static ulong Mod(long x) => (ulong)(((x % (long)P) + (long)P) % (long)P);
}

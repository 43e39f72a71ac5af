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

    /// <summary>Runs the batch; with <paramref name="r"/> null the library samples the masks (returned).</summary>
    private static async Task<(ulong[] Results, ulong[] Masks)> Run(ShareCircuit circuit, ulong[] a, ulong[] b, ulong[]? r)
    {
        var results = new ulong[a.Length];
        var masks = r ?? [];
        using var pair = await LoopbackPair.ConnectAsync(LoopbackTransport.Memory);
        await pair.RunAsync(
            garblerChannel =>
            {
                using var garbler = new ShareCircuitGarbler(garblerChannel, circuit);
                if (r is null)
                {
                    masks = garbler.Run(b);
                }
                else
                {
                    garbler.RunWithMasksForTests(b, r);
                }
            },
            evaluatorChannel =>
            {
                using var evaluator = new ShareCircuitEvaluator(evaluatorChannel, circuit);
                evaluator.Run(a, results);
            });
        return (results, masks);
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
        var (a, b, r, xs) = Inputs(5000, f); // more than two chunks, masks chosen (zeros included)
        var (results, _) = await Run(circuit, a, b, r);
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
        var (a, b, _, xs) = Inputs(4500, 31);
        ulong[] r = [];
        var (ca, cb) = InMemoryChannel.CreatePair();
        using (ca)
        using (cb)
        {
            var garbler = Task.Run(() =>
            {
                using var g = new ShareCircuitGarbler(ca, circuit);
                var prepared = g.Prepare(a.Length);
                r = prepared.Masks.ToArray();
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
            Assert.Equal(a.Length, r.Length);
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
        var (a, b, _, xs) = Inputs(500, 9);
        var (results, r) = await Run(circuit, a, b, null);
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
        ulong[] a1 = new ulong[n], a2 = new ulong[n], b1 = new ulong[n], b2 = new ulong[n];
        for (var i = 0; i < n; i++)
        {
            x1[i] = random.NextInt64(-(1L << 38), 1L << 38);
            x2[i] = i % 10 == 0 ? x1[i] : random.NextInt64(-(1L << 38), 1L << 38);
            a1[i] = (ulong)random.NextInt64((long)P);
            a2[i] = (ulong)random.NextInt64((long)P);
            b1[i] = (Mod(x1[i]) + P - a1[i]) % P;
            b2[i] = (Mod(x2[i]) + P - a2[i]) % P;
        }
        var (ca, cb) = InMemoryChannel.CreatePair();
        using (ca)
        using (cb)
        {
            var garbler = Task.Run(() =>
            {
                using var g = new ShareCircuitGarbler(ca, circuit);
                return g.RunMax(b1, b2);
            });
            using var evaluator = new ShareCircuitEvaluator(cb, circuit);
            var results = new ulong[n];
            evaluator.RunMax(a1, a2, results);
            var r = await garbler;
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
            Assert.Throws<InvalidOperationException>(() => g.RunMax([1], [2]));
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
                g.Run([1, 2, 3]);
            });
            using var evaluator = new ShareCircuitEvaluator(cb, circuit);
            Assert.Throws<ProtocolException>(() => evaluator.Run([1, 2], new ulong[2]));
            cb.Dispose();
            await Assert.ThrowsAnyAsync<IOException>(() => garbler);
        }
    }

    [Fact]
    public async Task The_library_samples_uniform_masks_and_returns_them_as_the_garbler_share()
    {
        var circuit = ShareCircuit.Relu(PrimeField.Create(P), 8);
        var (a, b, _, xs) = Inputs(3000, 77);
        var (results, r) = await Run(circuit, a, b, null);
        Assert.Equal(xs.Length, r.Length);
        for (var i = 0; i < xs.Length; i++)
        {
            Assert.True(r[i] < P);
            // The two parties' outputs are additive shares of ReLU(x) >> f.
            Assert.Equal(ShareCircuitTests.ReferenceRelu(xs[i], 0, 8), (results[i] + r[i]) % P);
        }
        // Uniform over Z_p: distinct, and spread over the whole range (each eighth of [0, p) holds a
        // binomial(n, 1/8) count; 5σ bounds make a false failure negligible).
        Assert.Equal(r.Length, r.Distinct().Count());
        var n = r.Length;
        var sigma = Math.Sqrt(n * (1.0 / 8) * (7.0 / 8));
        foreach (var bucket in r.GroupBy(v => (int)(v / (P / 8 + 1))))
        {
            Assert.InRange(bucket.Count(), n / 8.0 - 5 * sigma, n / 8.0 + 5 * sigma);
        }
    }

    [Theory]
    [InlineData(-1, 0, 0)]  // tables one label short
    [InlineData(0, 1, 0)]   // one correction too many
    [InlineData(0, 0, -1)]  // δ frame short
    public async Task Garbled_chunks_of_the_wrong_size_are_a_ProtocolException(int tableDelta, int correctionDelta, int deltaDelta)
    {
        // A hand-rolled garbler that follows the protocol up to the OT and then sends frames of the
        // wrong size; the evaluator must refuse them as bad peer input.
        var circuit = ShareCircuit.Relu(PrimeField.Create(P), 8);
        const int n = 10;
        var (ca, cb) = InMemoryChannel.CreatePair();
        using (ca)
        using (cb)
        {
            var garbler = Task.Run(() =>
            {
                using var ot = SecureInference.ObliviousTransfer.IknpSender.Setup(ca);
                ca.SendFrame<long>([n]);
                ca.Flush();
                ot.SendCorrelated(Label.RandomDelta(), new Label[circuit.ShareBits * n]);
                ca.SendFrame(new Label[HalfGates.TableLength(circuit.Circuit, 0, circuit.Circuit.GateCount, n) + tableDelta]);
                ca.SendFrame(new ulong[circuit.Outputs.Length * n + correctionDelta]);
                ca.SendFrame(new ulong[n + deltaDelta]);
                ca.Flush();
            });
            using var evaluator = new ShareCircuitEvaluator(cb, circuit);
            Assert.Throws<ProtocolException>(() => evaluator.Run(new ulong[n], new ulong[n]));
            await garbler;
        }
    }

    [Fact]
    public async Task Labels_and_delta_are_wiped_after_a_run_and_on_dispose()
    {
        var circuit = ShareCircuit.Relu(PrimeField.Create(P), 8);
        var (a, b, _, _) = Inputs(100, 3);
        var (ca, cb) = InMemoryChannel.CreatePair();
        using (ca)
        using (cb)
        {
            var garblerTask = Task.Run(() => new ShareCircuitGarbler(ca, circuit));
            var evaluator = new ShareCircuitEvaluator(cb, circuit);
            var garbler = await garblerTask;
            var run = Task.Run(() => garbler.Run(b));
            evaluator.Run(a, new ulong[a.Length]);
            await run;
            Assert.All(garbler.SecretsForTests.Wires, l => Assert.Equal(Label.Zero, l));
            Assert.All(evaluator.WiresForTests, l => Assert.Equal(Label.Zero, l));
            Assert.NotEqual(Label.Zero, garbler.SecretsForTests.Delta);
            garbler.Dispose();
            evaluator.Dispose();
            Assert.Equal(Label.Zero, garbler.SecretsForTests.Delta);
        }
    }

    private static ulong Mod(long x) => (ulong)(((x % (long)P) + (long)P) % (long)P);
}

using PiToolkit.SecureInference.Circuits;
using PiToolkit.SecureInference.Garbling;
using PiToolkit.SecureInference.Tests.Circuits;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Tests.Garbling;

/// <summary>The batched ReLU / truncation protocol, garbler and evaluator together.</summary>
public class ShareCircuitGarblerTests
{
    private const ulong P = ShareCircuit.DefaultModulus;

    private static async Task<ulong[]> Run(ShareCircuit circuit, ulong[] a, ulong[] b, ulong[] r)
    {
        var (ca, cb) = InMemoryChannel.CreatePair();
        using (ca)
        using (cb)
        {
            var garbler = Task.Run(() =>
            {
                using var g = new ShareCircuitGarbler(ca, circuit);
                g.Run(b, r);
            });
            using var evaluator = new ShareCircuitEvaluator(cb, circuit);
            var results = new ulong[a.Length];
            evaluator.Run(a, results);
            await garbler;
            return results;
        }
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
        var circuit = ShareCircuit.Relu(P, f);
        var (a, b, r, xs) = Inputs(5000, f); // more than two chunks
        var results = await Run(circuit, a, b, r);
        for (var i = 0; i < xs.Length; i++)
        {
            var expected = (ShareCircuitTests.ReferenceRelu(xs[i], 0, f) + P - r[i]) % P;
            Assert.Equal(expected, results[i]);
        }
    }

    [Fact]
    public async Task Garbled_truncation_on_shares_is_exact_for_negative_and_positive_values()
    {
        var circuit = ShareCircuit.Truncate(P, 8);
        var (a, b, r, xs) = Inputs(500, 9);
        var results = await Run(circuit, a, b, r);
        for (var i = 0; i < xs.Length; i++)
        {
            Assert.Equal((ShareCircuitTests.ReferenceTruncate(xs[i], 0, 8) + P - r[i]) % P, results[i]);
        }
    }

    [Fact]
    public async Task Max_of_two_shared_values_is_the_second_plus_relu_of_the_difference()
    {
        // max(x1, x2) = x2 + ReLU(x1 − x2): the evaluator adds its share of x2 locally and the
        // garbler folds its share of x2 into the mask (valid while |x1 − x2| ≤ (p − 1)/2).
        var circuit = ShareCircuit.Relu(P, 0);
        var random = new Random(21);
        const int n = 300;
        long[] x1 = new long[n], x2 = new long[n];
        ulong[] a = new ulong[n], b = new ulong[n], r = new ulong[n], a2 = new ulong[n], b2 = new ulong[n];
        for (var i = 0; i < n; i++)
        {
            x1[i] = random.NextInt64(-(1L << 38), 1L << 38);
            x2[i] = i == 0 ? x1[i] : random.NextInt64(-(1L << 38), 1L << 38);
            var a1 = (ulong)random.NextInt64((long)P);
            a2[i] = (ulong)random.NextInt64((long)P);
            var b1 = (Mod(x1[i]) + P - a1) % P;
            b2[i] = (Mod(x2[i]) + P - a2[i]) % P;
            r[i] = (ulong)random.NextInt64((long)P);
            a[i] = (a1 + P - a2[i]) % P;
            b[i] = (b1 + P - b2[i]) % P;
        }
        var results = await Run(circuit, a, b, r);
        for (var i = 0; i < n; i++)
        {
            var evaluatorShare = (results[i] + a2[i]) % P;
            var garblerShare = (r[i] + b2[i]) % P;
            Assert.Equal(Mod(Math.Max(x1[i], x2[i])), (evaluatorShare + garblerShare) % P);
        }
    }

    [Fact]
    public async Task Both_sides_must_agree_on_the_batch_size()
    {
        var circuit = ShareCircuit.Relu(P, 0);
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

using PiToolkit.SecureInference.Homomorphic;
using PiToolkit.SecureInference.Homomorphic.LinearLayers;
using PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;

namespace PiToolkit.SecureInference.Tests.Homomorphic.Coefficient;

/// <summary>
/// End to end through SEAL: client share + server share = M·r mod p (BigInteger reference), with
/// flooding and modulus switching on, and the noise budget at its edges.
/// </summary>
[Collection(SealCollection.Name)]
public sealed class CoefficientLinearLayerTests
{
    public static TheoryData<int, int, int, int, int, int, int, int> SmallConvolutions => new()
    {
        // C, H, W, M, kh, kw, stride, padding (N = 4096, small ring)
        { 3, 7, 9, 4, 3, 3, 2, 1 },
        { 5, 30, 30, 2, 3, 3, 2, 1 },
        { 2, 5, 5, 3, 7, 7, 1, 3 },
        { 4, 6, 6, 7, 1, 1, 2, 0 },
    };

    [Theory]
    [MemberData(nameof(SmallConvolutions))]
    public void Small_convolutions_match_the_reference(int c, int h, int w, int m, int kh, int kw, int stride, int padding)
    {
        var parameters = EncryptionParameters.Bfv4096();
        var geometry = new ConvolutionGeometry(c, h, w, m, kh, kw, stride, padding);
        var plan = CoefficientLinearPlan.ForConvolution(geometry, parameters);
        var random = new Random(c * 100 + h);
        using var client = new CoefficientLinearClient(parameters);
        using var server = new CoefficientLinearServer(parameters, client.SavePublicKey(), 1, testOnlySmallRing: true);
        ulong p = parameters.PlainModulus;
        ulong[] weights = Reference.Random(random, geometry.WeightCount, p);
        ulong[] r = Reference.Random(random, geometry.InputCount, p);
        RunAndCheck(client, server, plan, weights, r, Reference.Convolve(geometry, weights, r, p));
    }

    [Fact]
    public void LeNet5_layers_match_the_reference_at_N8192_with_two_workers_on_each_side()
    {
        var parameters = EncryptionParameters.Bfv8192();
        ulong p = parameters.PlainModulus;
        using var client = new CoefficientLinearClient(parameters, workers: 2);
        byte[] publicKey = client.SavePublicKey();
        // The only key sent: SEAL's seeded public key (an unseeded one is ~540 KB with zstd).
        Assert.InRange(publicKey.Length, 1, 300_000);
        using var server = new CoefficientLinearServer(parameters, publicKey, workers: 2);
        Assert.Equal(2, server.ResponsePrimes);
        var random = new Random(5);
        foreach (var geometry in new[] { new ConvolutionGeometry(1, 28, 28, 6, 5, 5), new ConvolutionGeometry(6, 12, 12, 16, 5, 5) })
        {
            var plan = CoefficientLinearPlan.ForConvolution(geometry, parameters);
            ulong[] weights = Reference.Random(random, geometry.WeightCount, p);
            ulong[] r = Reference.Random(random, geometry.InputCount, p);
            RunAndCheck(client, server, plan, weights, r, Reference.Convolve(geometry, weights, r, p));
        }
        var fc = new FullyConnectedGeometry(400, 120);
        var fcPlan = CoefficientLinearPlan.ForFullyConnected(fc, parameters);
        ulong[] fw = Reference.Random(random, fc.WeightCount, p);
        ulong[] fr = Reference.Random(random, fc.Inputs, p);
        RunAndCheck(client, server, fcPlan, fw, fr, Reference.MatrixVector(fc, fw, fr, p));
    }

    [Fact]
    public void A_wide_layer_with_several_blocks_matches_the_reference_at_N8192()
    {
        var parameters = EncryptionParameters.Bfv8192();
        ulong p = parameters.PlainModulus;
        var geometry = new ConvolutionGeometry(16, 32, 32, 16, 3, 3, 1, 1); // ResNet-20's 3×3 layer
        var plan = CoefficientLinearPlan.ForConvolution(geometry, parameters);
        Assert.True(plan.OutputCiphertextCount > 1 && plan.InputCiphertextCount > 1, plan.ToString());
        using var client = new CoefficientLinearClient(parameters);
        using var server = new CoefficientLinearServer(parameters, client.SavePublicKey());
        var random = new Random(20);
        ulong[] weights = Reference.Random(random, geometry.WeightCount, p);
        ulong[] r = Reference.Random(random, geometry.InputCount, p);
        RunAndCheck(client, server, plan, weights, r, Reference.Convolve(geometry, weights, r, p));
    }

    [Fact]
    public void Budget_before_flooding_covers_40_bit_statistical_hiding_with_worst_case_weights()
    {
        // Uniform weights mod p are the worst case (centred, up to p/2 each); flooding needs β ≥ 56.
        var parameters = EncryptionParameters.Bfv8192();
        ulong p = parameters.PlainModulus;
        using var client = new CoefficientLinearClient(parameters);
        using var server = new CoefficientLinearServer(parameters, client.SavePublicKey()) { FloodNoise = false, ResponsePrimes = 4 };
        var random = new Random(56);
        foreach (var geometry in new[] { new ConvolutionGeometry(6, 12, 12, 16, 5, 5), new ConvolutionGeometry(16, 32, 32, 16, 3, 3, 1, 1) })
        {
            var plan = CoefficientLinearPlan.ForConvolution(geometry, parameters);
            var request = client.EncryptInput(plan, Reference.Random(random, geometry.InputCount, p));
            var response = server.Evaluate(plan, Reference.Random(random, geometry.WeightCount, p), request, Reference.Random(random, geometry.OutputCount, p));
            Assert.All(response.Ciphertexts, ct => Assert.True(client.NoiseBudget(ct) >= 56, $"{geometry}: budget {client.NoiseBudget(ct)}"));
            // The analytic bound the server enforces holds with margin, and lies above what SEAL measures.
            var bound = server.NoiseBound(plan);
            Assert.True(bound.MarginBits > 0, $"{geometry}: margin {bound.MarginBits}");
            double measuredNoiseBits = 174 - 41 - client.NoiseBudget(response.Ciphertexts[0]); // log2 q − log2 t − β
            Assert.True(bound.NoiseBits + 1 >= measuredNoiseBits, $"{geometry}: bound {bound.NoiseBits} vs measured {measuredNoiseBits}");
        }
    }

    [Fact]
    public void Flooded_responses_decrypt_after_switching_to_two_primes_but_not_to_one()
    {
        var parameters = EncryptionParameters.Bfv8192();
        ulong p = parameters.PlainModulus;
        var geometry = new ConvolutionGeometry(6, 12, 12, 16, 5, 5);
        var plan = CoefficientLinearPlan.ForConvolution(geometry, parameters);
        using var client = new CoefficientLinearClient(parameters);
        string key = Convert.ToBase64String(client.SavePublicKey());
        var random = new Random(2);
        ulong[] weights = Reference.Random(random, geometry.WeightCount, p);
        ulong[] r = Reference.Random(random, geometry.InputCount, p);
        ulong[] expected = Reference.Convolve(geometry, weights, r, p);

        using (var two = new CoefficientLinearServer(parameters, Convert.FromBase64String(key)))
        {
            Assert.Equal(2, two.ResponsePrimes);
            var response = RunAndCheck(client, two, plan, weights, r, expected);
            // Flooding leaves ~3 bits (Δ/16 against Δ/2); the switch keeps them.
            Assert.All(response.Ciphertexts, ct => Assert.InRange(client.NoiseBudget(ct), 1, 5));
            using var full = new CoefficientLinearServer(parameters, Convert.FromBase64String(key)) { ResponsePrimes = 4 };
            var unswitched = full.Evaluate(plan, weights, client.EncryptInput(plan, r), new ulong[geometry.OutputCount]);
            Assert.True(response.Stats.BytesOut * 10 < unswitched.Stats.BytesOut * 6, $"{response.Stats.BytesOut} vs {unswitched.Stats.BytesOut}");
        }
        using (var one = new CoefficientLinearServer(parameters, Convert.FromBase64String(key)) { ResponsePrimes = 1 })
        {
            ulong[] s = Reference.Random(random, geometry.OutputCount, p);
            var response = one.Evaluate(plan, weights, client.EncryptInput(plan, r), s);
            ulong[] share = client.DecryptOutput(plan, response.Ciphertexts);
            Assert.NotEqual(expected, Add(share, s, p));
        }
    }

    [Fact]
    public void The_server_refuses_a_request_with_the_wrong_number_of_ciphertexts()
    {
        var parameters = EncryptionParameters.Bfv4096();
        var plan = CoefficientLinearPlan.ForConvolution(new ConvolutionGeometry(5, 30, 30, 2, 3, 3, 2, 1), parameters);
        using var client = new CoefficientLinearClient(parameters);
        using var server = new CoefficientLinearServer(parameters, client.SavePublicKey(), 1, testOnlySmallRing: true);
        Assert.Throws<ArgumentException>(() => new CoefficientLinearServer(parameters, client.SavePublicKey()));
        var request = client.EncryptInput(plan, new ulong[plan.InputCount]);
        Assert.Throws<SealFormatException>(() => server.Evaluate(plan, new ulong[plan.WeightCount], request.Skip(1).ToArray(), new ulong[plan.OutputCount]));
    }

    [Fact]
    public void The_cost_model_reports_a_choice_per_layer_and_honours_a_forced_encoding()
    {
        var parameters = EncryptionParameters.Bfv8192();
        var geometry = new ConvolutionGeometry(1, 28, 28, 6, 5, 5);
        var slots = LinearLayerPlan.ForConvolution(geometry, parameters);
        var coefficient = CoefficientLinearPlan.ForConvolution(geometry, parameters);
        var model = HomomorphicCostModel.Default;
        Assert.Equal(HomomorphicEncoding.Coefficient, model.Choose(HomomorphicEncoding.Auto, slots, coefficient).Encoding);
        Assert.Equal(HomomorphicEncoding.Slots, model.Choose(HomomorphicEncoding.Slots, slots, coefficient).Encoding);
        Assert.Contains("forced", model.Choose(HomomorphicEncoding.Slots, slots, coefficient).ToString());
    }

    [Fact]
    public void A_measured_cost_model_has_positive_unit_costs_and_prefers_coefficients_for_LeNet_conv1()
    {
        var parameters = EncryptionParameters.Bfv8192();
        var model = HomomorphicCostModel.Measure(parameters, repetitions: 1);
        Assert.All(new[] { model.Coefficient.PerInputCiphertext, model.Coefficient.PerProduct, model.Coefficient.PerOutputCiphertext,
            model.SlotInputCiphertext, model.SlotMultiplyPlain, model.SlotRotation, model.SlotOutputCiphertext, model.GaloisKeyPerStep },
            cost => Assert.True(cost > 0));
        var geometry = new ConvolutionGeometry(1, 28, 28, 6, 5, 5);
        var choice = model.Choose(HomomorphicEncoding.Auto, LinearLayerPlan.ForConvolution(geometry, parameters),
            CoefficientLinearPlan.ForConvolution(geometry, parameters, model.Coefficient));
        Assert.Equal(HomomorphicEncoding.Coefficient, choice.Encoding);
    }

    private static LinearLayerResponse RunAndCheck(CoefficientLinearClient client, CoefficientLinearServer server, CoefficientLinearPlan plan,
        ulong[] weights, ulong[] r, ulong[] expected)
    {
        ulong p = plan.Parameters.PlainModulus;
        ulong[] s = plan.Parameters.Field.SampleUniform(plan.OutputCount);
        var request = client.EncryptInput(plan, r);
        var response = server.Evaluate(plan, weights, request, s);
        ulong[] share = client.DecryptOutput(plan, response.Ciphertexts);
        Assert.Equal(expected, Add(share, s, p));
        Assert.Equal(0, response.Stats.RotationCount);
        return response;
    }

    private static ulong[] Add(ulong[] a, ulong[] b, ulong p) =>
        [.. a.Zip(b, (x, y) => (ulong)(((UInt128)x + y) % p))];
}

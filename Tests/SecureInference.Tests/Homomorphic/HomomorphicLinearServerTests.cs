using PiToolkit.SecureInference.Homomorphic;
using PiToolkit.SecureInference.Homomorphic.LinearLayers;

namespace PiToolkit.SecureInference.Tests.Homomorphic;

[Collection(SealCollection.Name)]
public sealed class HomomorphicLinearServerTests(SealRuntimeFixture fixture)
{
    public static TheoryData<int, int, int, int, int, int, int, int> Convolutions => new()
    {
        // C, H, W, O, kh, kw, stride, padding
        { 1, 28, 28, 6, 5, 5, 1, 0 },   // LeNet-5 conv1 (MNIST)
        { 3, 7, 9, 4, 3, 3, 2, 1 },     // 3 channels, non-square, stride 2, padding
        { 3, 8, 6, 5, 3, 3, 1, 1 },     // 'same' 3×3, non-square
        { 5, 30, 30, 2, 3, 3, 2, 1 },   // more channels than fit one ciphertext
        { 2, 5, 5, 3, 7, 7, 1, 3 },     // 7×7 kernel (ResNet stem shape)
        { 4, 6, 6, 7, 1, 1, 2, 0 },     // 1×1 stride-2 projection
    };

    public static TheoryData<int, int> FullyConnected => new()
    {
        { 400, 120 },   // LeNet-5 fc1
        { 10, 3 },
        { 3000, 5 },    // input longer than a row: two input ciphertexts
        { 16, 5000 },   // more outputs than one ciphertext holds
    };

    [Theory]
    [MemberData(nameof(Convolutions))]
    public void Convolution_share_plus_server_share_equals_the_plain_convolution_mod_p(
        int c, int h, int w, int o, int kh, int kw, int stride, int padding)
    {
        var geometry = new ConvolutionGeometry(c, h, w, o, kh, kw, stride, padding);
        var keys = fixture.N4096;
        var plan = LinearLayerPlan.ForConvolution(geometry, keys.Context.Parameters);
        var random = new Random(c * 1000 + h * 10 + kh);
        ulong[] weights = Reference.Random(random, geometry.WeightCount, keys.Modulus);
        ulong[] mask = Reference.Random(random, geometry.InputCount, keys.Modulus);

        RunAndCheck(keys, plan, weights, mask, Reference.Convolve(geometry, weights, mask, keys.Modulus));
    }

    [Theory]
    [MemberData(nameof(FullyConnected))]
    public void Fully_connected_share_plus_server_share_equals_the_plain_product_mod_p(int inputs, int outputs)
    {
        var geometry = new FullyConnectedGeometry(inputs, outputs);
        var keys = fixture.N4096;
        var plan = LinearLayerPlan.ForFullyConnected(geometry, keys.Context.Parameters);
        var random = new Random(inputs * 7 + outputs);
        ulong[] weights = Reference.Random(random, geometry.WeightCount, keys.Modulus);
        ulong[] mask = Reference.Random(random, inputs, keys.Modulus);

        RunAndCheck(keys, plan, weights, mask, Reference.MatrixVector(geometry, weights, mask, keys.Modulus));
    }

    [Fact]
    public void Folded_sum_pooling_and_channel_scale_are_computed_in_one_homomorphic_convolution()
    {
        var keys = fixture.N4096;
        var conv = new ConvolutionGeometry(2, 10, 10, 3, 3, 3, 1, 1);
        var random = new Random(42);
        ulong[] weights = Reference.Random(random, conv.WeightCount, keys.Modulus);
        ulong[] scale = Reference.Random(random, conv.OutputChannels, keys.Modulus);
        ulong[] mask = Reference.Random(random, conv.InputCount, keys.Modulus);
        var (folded, foldedWeights) = AffineFolding.FoldSumPooling(conv, AffineFolding.ScaleOutputs(weights, scale, keys.Field), 2, 2, keys.Field);

        // Reference: convolution, then per-channel scale, then 2×2 sum pooling with stride 2.
        ulong[] y = Reference.Convolve(conv, weights, mask, keys.Modulus);
        var expected = new ulong[folded.OutputCount];
        for (int o = 0; o < conv.OutputChannels; o++)
            for (int py = 0; py < folded.OutputHeight; py++)
                for (int px = 0; px < folded.OutputWidth; px++)
                {
                    System.Numerics.BigInteger sum = 0;
                    for (int a = 0; a < 2; a++)
                        for (int b = 0; b < 2; b++)
                            sum += (System.Numerics.BigInteger)y[(o * conv.OutputHeight + 2 * py + a) * conv.OutputWidth + 2 * px + b] * scale[o];
                    expected[(o * folded.OutputHeight + py) * folded.OutputWidth + px] = Reference.Mod(sum, keys.Modulus);
                }

        RunAndCheck(keys, LinearLayerPlan.ForConvolution(folded, keys.Context.Parameters), foldedWeights, mask, expected);
    }

    [Fact]
    public void At_N8192_with_Delphis_prime_the_LeNet_layers_leave_enough_noise_budget_for_40_bit_flooding()
    {
        var keys = fixture.N8192;
        var cases = new (LinearLayerPlan Plan, int WeightCount)[]
        {
            (LinearLayerPlan.ForConvolution(new ConvolutionGeometry(1, 28, 28, 6, 5, 5), keys.Context.Parameters), 6 * 25),
            (LinearLayerPlan.ForFullyConnected(new FullyConnectedGeometry(400, 120), keys.Context.Parameters), 400 * 120),
        };
        foreach (var (plan, weightCount) in cases)
        {
            var random = new Random(weightCount);
            ulong[] weights = Reference.Random(random, weightCount, keys.Modulus);
            ulong[] mask = Reference.Random(random, plan.InputCount, keys.Modulus);
            ulong[] share = keys.Field.SampleUniform(plan.OutputCount);
            using var galois = keys.KeyGenerator.CreateGaloisKeys(plan.RotationSteps.AsSpan());
            using var client = new HomomorphicLinearClient(keys.Context, keys.PublicKey, keys.SecretKey);
            using var server = new HomomorphicLinearServer(keys.Context, keys.PublicKey, galois);
            var request = client.EncryptInput(plan, mask);

            var (outputs, _) = server.EvaluateCore(plan, weights, request, share);
            int before = outputs.Min(keys.Decryptor.InvariantNoiseBudget);
            foreach (var ct in outputs)
                ct.Dispose();
            // Statistical distance ≤ N·2^(3−β) ≤ 2^−40 needs β ≥ 13 + 43 = 56 bits.
            Assert.True(before >= 56, $"noise budget before flooding {before} bits < 56");

            var response = server.Evaluate(plan, weights, request, share);
            int after = response.Ciphertexts.Min(b => client.NoiseBudget(b));
            Assert.True(after < before - 40, $"flooding did not raise the noise: {before} → {after} bits");
            ulong[] clientShare = client.DecryptOutput(plan, response.Ciphertexts);
            ulong[] expected = plan.OutputCount == 120
                ? Reference.MatrixVector(new FullyConnectedGeometry(400, 120), weights, mask, keys.Modulus)
                : Reference.Convolve(new ConvolutionGeometry(1, 28, 28, 6, 5, 5), weights, mask, keys.Modulus);
            for (int i = 0; i < expected.Length; i++)
                Assert.Equal(expected[i], Reference.Mod((System.Numerics.BigInteger)clientShare[i] + share[i], keys.Modulus));
        }
    }

    [Fact]
    public void Non_output_slots_of_the_response_decrypt_to_fresh_randomness_not_partial_sums()
    {
        var keys = fixture.N4096;
        var geometry = new FullyConnectedGeometry(10, 3);
        var plan = LinearLayerPlan.ForFullyConnected(geometry, keys.Context.Parameters);
        ulong[] weights = new ulong[geometry.WeightCount];
        Array.Fill(weights, 1UL);
        ulong[] mask = new ulong[10];
        ulong[] share = new ulong[3];
        using var galois = keys.KeyGenerator.CreateGaloisKeys(plan.RotationSteps.AsSpan());
        using var client = new HomomorphicLinearClient(keys.Context, keys.PublicKey, keys.SecretKey);
        using var server = new HomomorphicLinearServer(keys.Context, keys.PublicKey, galois);
        var response = server.Evaluate(plan, weights, client.EncryptInput(plan, mask), share);

        using var ct = Ciphertext.Load(keys.Context, response.Ciphertexts[0]);
        ulong[] slots = keys.Decrypt(ct);
        // With r = 0 and s = 0 every partial sum is 0; only the pads make slots non-zero.
        Assert.True(slots.Count(v => v != 0) > slots.Length - 10);
        Assert.Equal(new ulong[3], client.DecryptOutput(plan, response.Ciphertexts));
    }

    [Fact]
    public void Request_with_the_wrong_number_of_ciphertexts_raises_SealFormatException()
    {
        var keys = fixture.N4096;
        var plan = LinearLayerPlan.ForFullyConnected(new FullyConnectedGeometry(10, 3), keys.Context.Parameters);
        using var server = new HomomorphicLinearServer(keys.Context, keys.PublicKey, keys.GaloisKeys);
        Assert.Throws<SealFormatException>(() => server.Evaluate(plan, new ulong[30], [], new ulong[3]));
        Assert.Throws<SealFormatException>(() => server.Evaluate(plan, new ulong[30], [new byte[100]], new ulong[3]));
        Assert.Throws<ArgumentException>(() => server.Evaluate(plan, new ulong[29], [new byte[100]], new ulong[3]));
    }

    [Fact]
    public void Two_responses_to_the_same_request_differ_because_each_is_re_randomised()
    {
        var keys = fixture.N4096;
        var plan = LinearLayerPlan.ForFullyConnected(new FullyConnectedGeometry(10, 3), keys.Context.Parameters);
        using var galois = keys.KeyGenerator.CreateGaloisKeys(plan.RotationSteps.AsSpan());
        using var client = new HomomorphicLinearClient(keys.Context, keys.PublicKey, keys.SecretKey);
        using var server = new HomomorphicLinearServer(keys.Context, keys.PublicKey, galois);
        var request = client.EncryptInput(plan, new ulong[10]);
        ulong[] weights = Enumerable.Range(1, 30).Select(i => (ulong)i).ToArray();
        var first = server.Evaluate(plan, weights, request, new ulong[3], SealCompression.None);
        var second = server.Evaluate(plan, weights, request, new ulong[3], SealCompression.None);
        Assert.NotEqual(first.Ciphertexts[0], second.Ciphertexts[0]);
        Assert.Equal(client.DecryptOutput(plan, first.Ciphertexts), client.DecryptOutput(plan, second.Ciphertexts));
    }

    [Fact]
    public void A_request_encrypted_under_other_parameters_raises_SealFormatException()
    {
        var plan4096 = LinearLayerPlan.ForFullyConnected(new FullyConnectedGeometry(10, 3), fixture.N4096.Context.Parameters);
        var plan8192 = LinearLayerPlan.ForFullyConnected(new FullyConnectedGeometry(10, 3), fixture.N8192.Context.Parameters);
        using var client = new HomomorphicLinearClient(fixture.N8192.Context, fixture.N8192.PublicKey, fixture.N8192.SecretKey);
        using var server = new HomomorphicLinearServer(fixture.N4096.Context, fixture.N4096.PublicKey, fixture.N4096.GaloisKeys);
        var request = client.EncryptInput(plan8192, new ulong[10]);
        Assert.Throws<SealFormatException>(() => server.Evaluate(plan4096, new ulong[30], request, new ulong[3]));
        Assert.Throws<ArgumentException>(() => server.Evaluate(plan8192, new ulong[30], request, new ulong[3]));
    }

    private static void RunAndCheck(SealKeySet keys, LinearLayerPlan plan, ulong[] weights, ulong[] mask, ulong[] expected)
    {
        ulong[] share = keys.Field.SampleUniform(plan.OutputCount);
        using var galois = keys.KeyGenerator.CreateGaloisKeys(plan.RotationSteps.AsSpan());
        using var client = new HomomorphicLinearClient(keys.Context, keys.PublicKey, keys.SecretKey);
        using var server = new HomomorphicLinearServer(keys.Context, keys.PublicKey, galois);

        var request = client.EncryptInput(plan, mask);
        var response = server.Evaluate(plan, weights, request, share);
        ulong[] clientShare = client.DecryptOutput(plan, response.Ciphertexts);

        Assert.Equal(expected.Length, clientShare.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], Reference.Mod((System.Numerics.BigInteger)clientShare[i] + share[i], keys.Modulus));
        Assert.Equal(plan.InputCiphertextCount, response.Stats.CiphertextsIn);
        Assert.Equal(plan.OutputCiphertextCount, response.Stats.CiphertextsOut);
        Assert.Equal(plan.MultiplyPlainCount, response.Stats.MultiplyPlainCount);
        Assert.Equal(plan.RotationCount, response.Stats.RotationCount);
        Assert.Equal(request.Sum(b => (long)b.Length), response.Stats.BytesIn);
    }
}

using PiToolkit.SecureInference.Homomorphic;
using PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;
using PiToolkit.SecureInference.Protocol;

namespace PiToolkit.SecureInference.Tests.Protocol;

[Collection(ProtocolCollection.Name)]
public sealed class SecureInferenceClientTests(ProtocolFixture fixture)
{
    [Theory]
    [InlineData(HomomorphicEncoding.Slots)]
    [InlineData(HomomorphicEncoding.Coefficient)]
    public void All_kept_model_matches_the_reference_bit_for_bit(HomomorphicEncoding encoding)
    {
        var model = TestModels.AllKept(1);
        var inputs = Inputs(model, 7, 2);
        var options = ProtocolRun.TestOptions() with { Encoding = encoding };

        var (results, server) = ProtocolRun.Run(fixture, model, inputs, options, options);

        Assert.Equal(2, results.Count);
        for (int i = 0; i < inputs.Count; i++)
        {
            var reference = ReferenceInterpreter.Evaluate(model, inputs[i]);
            Assert.All(reference.ErrorBound, e => Assert.Equal(0, e));
            Assert.Equal(reference.Output.ToArray(), results[i].Output.ToArray());
            var linear = server.CostsOf(results[i].BatchId).Where(c => c.Kind == "linear" && c.Phase == ProtocolPhase.Offline).ToList();
            Assert.Equal(4, linear.Count);
            Assert.All(linear, c => Assert.Equal(encoding.ToString().ToLowerInvariant(), c.Encoding));
            Assert.All(linear, c => Assert.True(c.MultiplyPlain > 0));
            if (encoding == HomomorphicEncoding.Coefficient)
                Assert.All(linear, c => Assert.Equal(0, c.Rotations));
        }
        Assert.NotEqual(results[0].Output.ToArray(), results[1].Output.ToArray());
    }

    [Theory]
    [InlineData(HomomorphicEncoding.Slots)]
    [InlineData(HomomorphicEncoding.Coefficient)]
    public void Mixed_model_with_linearized_sites_residual_add_and_truncation_stays_within_the_reference_bound(HomomorphicEncoding encoding)
    {
        var model = TestModels.Mixed(2);
        Assert.Contains(model.Plan.Steps, s => s is TruncateStep);
        Assert.Contains(model.Plan.Steps, s => s is ReshareStep);
        var inputs = Inputs(model, 8, 2);
        var options = ProtocolRun.TestOptions() with { Encoding = encoding };

        var (results, _) = ProtocolRun.Run(fixture, model, inputs, options, options);

        for (int i = 0; i < inputs.Count; i++)
        {
            var reference = ReferenceInterpreter.Evaluate(model, inputs[i]);
            Assert.Contains(reference.ErrorBound, e => e > 0);
            Assert.True(reference.Admits(results[i].Output.AsSpan(), model.Plan.Field),
                $"protocol {string.Join(",", results[i].Logits)} vs reference {string.Join(",", reference.Logits)} ± {string.Join(",", reference.ErrorBound)}");
        }
    }

    [Fact]
    public void Runs_over_loopback_tcp_and_counts_the_same_bytes_on_both_ends()
    {
        var model = TestModels.AllKept(4);
        var input = model.Plan.QuantizeInput(TestModels.Random(new Random(9), 64, 1.0));

        var (results, server) = ProtocolRun.Run(fixture, model, [input], tcp: true);

        Assert.Equal(ReferenceInterpreter.Evaluate(model, input).Output.ToArray(), results[0].Output.ToArray());
        var serverCosts = server.CostsOf(results[0].BatchId);
        Assert.Equal(results[0].Costs.Sum(c => c.BytesSent), serverCosts.Sum(c => c.BytesReceived));
        Assert.Equal(results[0].Costs.Sum(c => c.BytesReceived), serverCosts.Sum(c => c.BytesSent));
    }

    [Fact]
    public void A_coefficient_session_sends_one_public_key_and_no_Galois_keys()
    {
        var model = TestModels.AllKept(1);
        var options = ProtocolRun.TestOptions();

        var (_, coefficient) = ProtocolRun.Run(fixture, model, [], options with { Encoding = HomomorphicEncoding.Coefficient });
        var (_, slots) = ProtocolRun.Run(fixture, model, [], options with { Encoding = HomomorphicEncoding.Slots });

        long KeyBytes(SecureInferenceServer s) => s.SessionCosts.Single(c => c.Name == "HE keys").BytesReceived;
        Assert.InRange(KeyBytes(coefficient), 1, 300_000);
        Assert.True(KeyBytes(coefficient) * 4 < KeyBytes(slots), $"coefficient keys {KeyBytes(coefficient)} B, slot keys {KeyBytes(slots)} B");
    }

    [Fact]
    public void Auto_encoding_can_mix_slots_and_coefficient_layers_in_one_session()
    {
        var model = TestModels.AllKept(5);
        var costs = CostModelSplitting(model.Plan);
        var input = Inputs(model, 10, 1)[0];
        var client = ProtocolRun.TestOptions() with { CostModel = costs };

        var (results, server) = ProtocolRun.Run(fixture, model, [input], client);

        Assert.Equal(ReferenceInterpreter.Evaluate(model, input).Output.ToArray(), results[0].Output.ToArray());
        var linear = server.CostsOf(results[0].BatchId).Where(c => c.Kind == "linear" && c.Phase == ProtocolPhase.Offline).ToList();
        Assert.Contains(linear, c => c.Encoding == "coefficient" && c.Rotations == 0);
        Assert.Contains(linear, c => c.Encoding == "slots");
    }

    private static List<ulong[]> Inputs(CompiledModel model, int seed, int count)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => model.Plan.QuantizeInput(TestModels.Random(random, model.Plan.InputLength, 1.0)))];
    }

    /// <summary>
    /// Default unit costs with the slot ones scaled so that the layers whose coefficient/slot estimate
    /// ratio is below the median choose coefficient and the others slots.
    /// </summary>
    private static HomomorphicCostModel CostModelSplitting(InferencePlan plan)
    {
        var d = HomomorphicCostModel.Default;
        var parameters = EncryptionParameters.Create(new ProtocolOptions().PolyModulusDegree, plan.Field);
        double[] ratios = [.. plan.Steps.OfType<LinearStep>()
            .Select(s => d.Estimate(s.CreateCoefficientPlan(parameters)) / d.Estimate(s.CreateLayerPlan(parameters))).Order()];
        Assert.True(ratios[0] < ratios[^1], "every layer has the same cost ratio; no scale splits them");
        int mid = ratios.Length / 2;
        double scale = ratios[mid - 1] < ratios[mid] ? (ratios[mid - 1] + ratios[mid]) / 2 : (ratios[0] + ratios[^1]) / 2;
        return d with
        {
            SlotInputCiphertext = d.SlotInputCiphertext * scale,
            SlotMultiplyPlain = d.SlotMultiplyPlain * scale,
            SlotRotation = d.SlotRotation * scale,
            SlotOutputCiphertext = d.SlotOutputCiphertext * scale,
            GaloisKeyPerStep = d.GaloisKeyPerStep * scale,
        };
    }
}

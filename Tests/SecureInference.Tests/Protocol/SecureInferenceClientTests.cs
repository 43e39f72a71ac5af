using PiToolkit.SecureInference.Protocol;

namespace PiToolkit.SecureInference.Tests.Protocol;

[Collection(ProtocolCollection.Name)]
public sealed class SecureInferenceClientTests(ProtocolFixture fixture)
{
    [Fact]
    public void All_kept_model_matches_the_reference_bit_for_bit()
    {
        var model = TestModels.AllKept(1);
        var random = new Random(7);
        var inputs = Enumerable.Range(0, 2).Select(_ => model.Plan.QuantizeInput(TestModels.Random(random, 64, 1.0))).ToList();

        var (results, server) = ProtocolRun.Run(fixture, model, inputs);

        Assert.Equal(2, results.Count);
        for (int i = 0; i < inputs.Count; i++)
        {
            var reference = ReferenceInterpreter.Evaluate(model, inputs[i]);
            Assert.All(reference.ErrorBound, e => Assert.Equal(0, e));
            Assert.Equal(reference.Output.ToArray(), results[i].Output.ToArray());
            Assert.NotEmpty(server.CostsOf(results[i].BatchId));
        }
        Assert.NotEqual(results[0].Output.ToArray(), results[1].Output.ToArray());
    }

    [Fact]
    public void Mixed_model_with_linearized_sites_residual_add_and_truncation_stays_within_the_reference_bound()
    {
        var model = TestModels.Mixed(2);
        Assert.Contains(model.Plan.Steps, s => s is TruncateStep);
        Assert.Contains(model.Plan.Steps, s => s is ReshareStep);
        var random = new Random(8);
        var inputs = Enumerable.Range(0, 2).Select(_ => model.Plan.QuantizeInput(TestModels.Random(random, 72, 1.0))).ToList();

        var (results, _) = ProtocolRun.Run(fixture, model, inputs);

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
}

using System.Text.Json;
using PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;
using PiToolkit.SecureInference.Protocol;

namespace PiToolkit.SecureInference.Tests.Protocol;

[Collection(ProtocolCollection.Name)]
public sealed class SecureInferenceReportTests(ProtocolFixture fixture)
{
    [Fact]
    public void Report_accounts_every_layer_and_phase_and_serializes_the_fields_scripts_read()
    {
        var model = TestModels.AllKept(5);
        var random = new Random(6);
        var inputs = Enumerable.Range(0, 3).Select(_ => model.Plan.QuantizeInput(TestModels.Random(random, 64, 1.0))).ToList();
        // Slots, so that the layer rows have rotations to account (coefficient rows have none).
        var options = ProtocolRun.TestOptions() with { Encoding = HomomorphicEncoding.Slots };
        var (results, server) = ProtocolRun.Run(fixture, model, inputs, options, options);
        var outcomes = results.Select((r, i) =>
        {
            var reference = ReferenceInterpreter.Evaluate(model, inputs[i]);
            return new InferenceOutcome(i % 4, r.Prediction, i % 4, reference.Admits(r.Output.AsSpan(), model.Plan.Field),
                reference.Output.SequenceEqual(r.Output), r.Costs, server.CostsOf(r.BatchId));
        }).ToList();

        var report = SecureInferenceReport.Create(model.Plan, outcomes, [], server.SessionCosts);

        Assert.Equal(3, report.Images);
        Assert.Equal(1.0, report.ReferenceAgreement);
        Assert.Equal(1.0, report.ReferenceExact);
        Assert.True(report.OfflineBytes > 10 * report.OnlineBytes, $"offline {report.OfflineBytes} B, online {report.OnlineBytes} B");
        Assert.True(report.OnlineMs > 0 && report.OfflineMs > report.OnlineMs);
        var relu1 = Assert.Single(report.Layers, l => l.Phase == "offline" && l.Name == "relu1");
        var circuit = model.Plan.Circuit(((ReluStep)model.Plan.Steps[relu1.Step]).TruncationBits);
        Assert.Equal(circuit.Circuit.AndCount * 128L, relu1.AndGates);
        Assert.Equal(circuit.ShareBits * 128L, relu1.ObliviousTransfers);
        var conv1 = Assert.Single(report.Layers, l => l.Phase == "offline" && l.Name == "conv1");
        Assert.True(conv1.MultiplyPlain > 0 && conv1.Rotations > 0 && conv1.ServerMs > 0 && conv1.BytesServerToClient > 100_000);
        Assert.Equal("slots", conv1.Encoding);
        var onlineConv1 = Assert.Single(report.Layers, l => l.Phase == "online" && l.Name == "conv1");
        Assert.Equal(64 * 8 + 4 + 16 + 4, onlineConv1.BytesClientToServer); // x − r: 64 residues, plus header frame
        Assert.Contains(report.Layers, l => l.Phase == "online" && l.Kind == "output" && l.BytesServerToClient == 4 * 8 + 4 + 16 + 4);

        using var json = JsonDocument.Parse(report.ToJson());
        foreach (string field in (string[])["images", "accuracy", "float_accuracy", "reference_agreement", "offline_ms", "online_ms", "offline_bytes", "online_bytes", "layers"])
            Assert.True(json.RootElement.TryGetProperty(field, out _), field);
        Assert.Equal(report.Layers.Length, json.RootElement.GetProperty("layers").GetArrayLength());
        Assert.Contains(json.RootElement.GetProperty("layers").EnumerateArray(), l => l.GetProperty("encoding").GetString() == "slots");
        Assert.Contains("relu1", report.FormatTable(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_reads_back_from_its_json_and_other_json_is_refused()
    {
        var report = new SecureInferenceReport
        {
            Images = 2, OfflineMs = 12.5, OnlineMs = 1.5, OfflineBytes = 9_000, OnlineBytes = 300, Relus = 40,
            Layers = [new LayerCost(0, "conv1", "linear", "offline", 10, 11, 100, 8_000, 64, 0, 0, 0) { Encoding = "coefficient" }],
        };

        var read = SecureInferenceReport.Parse(report.ToJson());

        Assert.Equal(report with { Layers = read.Layers }, read);
        Assert.Equal(report.Layers.ToArray(), read.Layers.ToArray());
        Assert.StartsWith("not a pi run report", Assert.Throws<FormatException>(() => SecureInferenceReport.Parse("{\"points\": []}")).Message, StringComparison.Ordinal);
        Assert.StartsWith("not a pi run report", Assert.Throws<FormatException>(() => SecureInferenceReport.Parse("images,relus")).Message, StringComparison.Ordinal);
    }
}

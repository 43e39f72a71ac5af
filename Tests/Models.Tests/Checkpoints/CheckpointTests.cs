using System.Text.Json.Nodes;
using PiToolkit.Models.Census;
using PiToolkit.Models.Checkpoints;
using PiToolkit.Models.Data;
using PiToolkit.Models.Zoo;
using static TorchSharp.torch;

namespace PiToolkit.Models.Tests.Checkpoints;

public sealed class CheckpointTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private CheckpointManifest Save(ZooModel model) => Checkpoint.Save(_temp.Path, model, new CheckpointManifest
    {
        Model = model.Options,
        Dataset = new DatasetRecord("synthetic", 10, 90, 1),
        Normalization = new Normalization([0.5], [0.25]),
        Accuracy = new AccuracyRecord(0.9, 0.8),
        Census = ReluCensus.Take(model),
        Tensors = [],
        WeightsSha256 = "",
    });

    [Fact]
    public void A_saved_checkpoint_loads_to_a_model_with_identical_outputs_and_manifest()
    {
        using var model = ModelZoo.Build(new ModelOptions("resnet20", 10, 3, 32, 32, Width: 0.5));
        var saved = Save(model);
        var (loaded, manifest) = Checkpoint.Load(_temp.Path);
        using (loaded)
        {
            AssertSameOutputs(model, loaded, 3, 32, 32);
            Assert.Equal(saved.WeightsSha256, manifest.WeightsSha256);
            Assert.Equal(model.Options, manifest.Model);
            Assert.Equal(saved.Census.TotalRelus, manifest.Census.TotalRelus);
            Assert.Equal(0.8, manifest.Accuracy.Test);
        }
    }

    [Fact]
    public void The_batch_norm_variant_round_trips_with_its_running_statistics_and_says_so_in_the_manifest()
    {
        using var model = ModelZoo.Build(new ModelOptions("lenet5", Pooling: PoolingKind.Average, BatchNorm: true));
        using (var batch = randn(8, 1, 28, 28) * 3 + 1)
        using (model.forward(batch)) { } // Training mode: moves the running statistics off their defaults.
        Save(model);
        Assert.True(JsonNode.Parse(File.ReadAllText(_temp.File(Checkpoint.ManifestFile)))!["model"]!["batchNorm"]!.GetValue<bool>());
        var (loaded, manifest) = Checkpoint.Load(_temp.Path);
        using (loaded)
        {
            Assert.True(manifest.Model.BatchNorm);
            Assert.Contains(loaded.named_modules(), m => m.name == "features.bn2");
            AssertSameOutputs(model, loaded, 1, 28, 28);
        }
    }

    [Fact]
    public void A_manifest_from_before_the_batch_norm_option_loads_as_the_plain_model()
    {
        using var model = ModelZoo.Build(new ModelOptions("lenet5"));
        Save(model);
        EditManifest(json => json["model"]!.AsObject().Remove("batchNorm"));
        var (loaded, manifest) = Checkpoint.Load(_temp.Path);
        using (loaded) Assert.False(manifest.Model.BatchNorm);
    }

    [Fact]
    public void Corrupted_weights_fail_the_checksum()
    {
        using var model = ModelZoo.Build(new ModelOptions("mlp"));
        Save(model);
        string weights = _temp.File(Checkpoint.WeightsFile);
        var bytes = File.ReadAllBytes(weights);
        bytes[^3] ^= 0x40;
        File.WriteAllBytes(weights, bytes);
        Assert.Contains("checksum", Assert.Throws<CheckpointFormatException>(() => Checkpoint.Load(_temp.Path)).Message);
    }

    [Fact]
    public void A_manifest_describing_another_architecture_is_rejected()
    {
        using var model = ModelZoo.Build(new ModelOptions("lenet5"));
        Save(model);
        EditManifest(json => json["model"]!["width"] = 2.0);
        var error = Assert.Throws<CheckpointFormatException>(() => Checkpoint.Load(_temp.Path));
        Assert.Contains("shape", error.Message);
    }

    [Fact]
    public void A_manifest_whose_tensor_list_disagrees_is_rejected()
    {
        using var model = ModelZoo.Build(new ModelOptions("lenet5"));
        Save(model);
        EditManifest(json => json["tensors"]!.AsArray().RemoveAt(0));
        Assert.Contains("missing", Assert.Throws<CheckpointFormatException>(() => Checkpoint.Load(_temp.Path)).Message);
    }

    [Fact]
    public void A_newer_format_version_is_rejected()
    {
        using var model = ModelZoo.Build(new ModelOptions("mlp"));
        Save(model);
        EditManifest(json => json["formatVersion"] = 99);
        Assert.Contains("version 99", Assert.Throws<CheckpointFormatException>(() => Checkpoint.Load(_temp.Path)).Message);
    }

    [Fact]
    public void Garbage_and_missing_files_are_reported_clearly()
    {
        File.WriteAllText(_temp.File(Checkpoint.ManifestFile), "{ not json");
        Assert.Contains("not a valid manifest", Assert.Throws<CheckpointFormatException>(() => Checkpoint.Load(_temp.Path)).Message);
        Assert.Contains("not a checkpoint", Assert.Throws<CheckpointFormatException>(() => Checkpoint.Load(_temp.File("elsewhere"))).Message);

        using var model = ModelZoo.Build(new ModelOptions("mlp"));
        Save(model);
        File.Delete(_temp.File(Checkpoint.WeightsFile));
        Assert.Contains("missing", Assert.Throws<CheckpointFormatException>(() => Checkpoint.Load(_temp.Path)).Message);
    }

    [Fact]
    public void Saving_again_replaces_both_files_and_leaves_no_temporaries()
    {
        using var model = ModelZoo.Build(new ModelOptions("mlp"));
        var first = Save(model);
        using (no_grad()) model.parameters().First().add_(1);
        var second = Save(model);
        Assert.NotEqual(first.WeightsSha256, second.WeightsSha256);
        Assert.Equal(second.WeightsSha256, Checkpoint.ReadManifest(_temp.Path).WeightsSha256);
        Assert.Empty(Directory.GetFiles(_temp.Path, "*.tmp"));
    }

    private void EditManifest(Action<JsonNode> edit)
    {
        string path = _temp.File(Checkpoint.ManifestFile);
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        edit(json);
        File.WriteAllText(path, json.ToJsonString());
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>Both models in evaluation mode give bit-identical outputs on the same random batch.</summary>
    private static void AssertSameOutputs(ZooModel model, ZooModel loaded, long channels, long height, long width)
    {
        model.eval();
        loaded.eval();
        using var input = randn(2, channels, height, width);
        using var expected = model.forward(input);
        using var actual = loaded.forward(input);
        Assert.True(expected.allclose(actual, rtol: 0, atol: 0));
    }
}

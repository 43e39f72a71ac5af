using PiToolkit.Models.Checkpoints;
using PiToolkit.Models.Training;
using PiToolkit.Models.Zoo;
using static TorchSharp.torch;

namespace PiToolkit.Models.Tests.Training;

public sealed class EpochStateStoreTests
{
    private sealed record Note(string Text);

    private static readonly Dictionary<string, string> Settings = new() { ["lr"] = "0.001", ["seed"] = "1" };

    private static ZooModel Model(float fill)
    {
        var model = ModelZoo.Build(new ModelOptions("mlp", 2, 1, 4, 4, Width: 0.05));
        using (no_grad())
            foreach (var p in model.parameters()) p.fill_(fill);
        return model;
    }

    private static float First(ZooModel model) => model.parameters().First().data<float>()[0];

    [Fact]
    public void A_crash_after_the_optimizer_and_weights_of_an_epoch_but_before_its_state_resumes_from_the_previous_epoch()
    {
        using var folder = new TempFolder();
        var store = new EpochStateStore<Note>(folder.Path);
        using var one = Model(1);
        File.WriteAllText(store.OptimizerPath(1), "moments after epoch 1");
        store.Save(one, 1, Settings, new Note("after 1"));

        // Epoch 2 got as far as its optimiser state and weights, then the process died.
        File.WriteAllText(store.OptimizerPath(2), "moments after epoch 2");
        using var two = Model(2);
        two.save(store.WeightsPath(2));

        using var resumed = Model(0);
        var (epoch, state) = store.TryLoad(resumed, Settings)!.Value;
        Assert.Equal(1, epoch);
        Assert.Equal("after 1", state.Text);
        Assert.Equal(1f, First(resumed));
        var resume = store.Resume(epoch);
        Assert.Equal(store.OptimizerPath(1), resume.OptimizerStatePath);
        Assert.Equal(2, resume.FirstEpoch);
        Assert.Equal(store.OptimizerPath(2), resume.SaveOptimizerTo!(2));
    }

    [Fact]
    public void Committing_an_epoch_removes_the_files_of_other_epochs_but_not_foreign_files()
    {
        using var folder = new TempFolder();
        var store = new EpochStateStore<Note>(folder.Path);
        using var model = Model(1);
        File.WriteAllText(Path.Combine(folder.Path, "best-1.weights"), "kept by its owner");
        for (int e = 1; e <= 2; e++)
        {
            File.WriteAllText(store.OptimizerPath(e), "moments");
            store.Save(model, e, Settings, new Note($"after {e}"));
        }
        Assert.False(File.Exists(store.WeightsPath(1)));
        Assert.False(File.Exists(store.OptimizerPath(1)));
        Assert.True(File.Exists(store.WeightsPath(2)));
        Assert.True(File.Exists(Path.Combine(folder.Path, "best-1.weights")));
    }

    [Fact]
    public void A_resume_with_other_settings_is_refused_naming_what_differs()
    {
        using var folder = new TempFolder();
        var store = new EpochStateStore<Note>(folder.Path);
        using var model = Model(1);
        File.WriteAllText(store.OptimizerPath(1), "moments");
        store.Save(model, 1, Settings, new Note("after 1"));
        var other = new Dictionary<string, string>(Settings) { ["lr"] = "0.01", ["paceEpochs"] = "4" };
        var error = Assert.Throws<ArgumentException>(() => store.TryLoad(model, other));
        Assert.Contains("lr 0.001 there, 0.01 now", error.Message);
        Assert.Contains("paceEpochs unset there, 4 now", error.Message);
        Assert.DoesNotContain("seed", error.Message);
    }

    [Fact]
    public void An_epoch_is_not_committed_without_its_optimizer_state_and_a_torn_state_is_reported()
    {
        using var folder = new TempFolder();
        var store = new EpochStateStore<Note>(folder.Path);
        using var model = Model(1);
        Assert.Throws<InvalidOperationException>(() => store.Save(model, 1, Settings, new Note("x")));
        Assert.Null(store.TryLoad(model, Settings));

        File.WriteAllText(Path.Combine(folder.Path, "state.json"), "{ not json");
        Assert.Throws<CheckpointFormatException>(() => store.TryLoad(model, Settings));
    }
}

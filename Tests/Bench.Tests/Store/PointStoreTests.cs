using PiToolkit.Bench.Sweeps.Points;
using PiToolkit.Bench.Sweeps.Store;

namespace PiToolkit.Bench.Tests.Store;

public class PointStoreTests
{
    [Fact]
    public void Saved_points_load_back_equal_including_failures()
    {
        using var temp = new TempFolder();
        var store = new PointStore(temp.Path);
        var measured = Samples.Point();
        var failed = Samples.Failed();
        store.Save(measured);
        store.Save(failed);

        var loaded = store.LoadAll().ToDictionary(p => p.Key.Id);
        Assert.Equal(2, loaded.Count);
        Assert.Equal(measured, loaded[measured.Key.Id] with { Measurement = measured.Measurement });
        Assert.Equal(measured.Measurement!.Variant, loaded[measured.Key.Id].Measurement!.Variant);
        Assert.Equal(measured.Measurement.Protocol, loaded[measured.Key.Id].Measurement!.Protocol);
        Assert.Equal(failed, loaded[failed.Key.Id]);
        Assert.True(store.IsFinished(measured.Key));
    }

    [Fact]
    public void Saving_leaves_no_temporary_file_behind()
    {
        using var temp = new TempFolder();
        var store = new PointStore(temp.Path);
        store.Save(Samples.Point());
        store.Save(Samples.Point(accuracy: 0.5));
        Assert.Equal([Samples.Point().Key.Id + ".json"], Directory.GetFiles(Path.Combine(temp.Path, PointStore.PointsFolderName)).Select(Path.GetFileName));
        Assert.Equal(0.5, store.LoadAll().Single().Measurement!.Protocol.Accuracy);
    }

    [Fact]
    public void A_record_under_another_points_name_is_refused()
    {
        using var temp = new TempFolder();
        var store = new PointStore(temp.Path);
        var point = Samples.Point();
        store.Save(point);
        File.Move(store.RecordPath(point.Key), store.RecordPath(point.Key with { Seed = 9 }));
        var e = Assert.Throws<PointStoreException>(store.LoadAll);
        Assert.Contains(point.Key.Id, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_is_refused_as_a_run_folder_and_left_as_it_was()
    {
        using var temp = new TempFolder();
        string file = Path.Combine(temp.Path, "results.csv");
        File.WriteAllText(file, "kept");
        var e = Assert.Throws<IOException>(() => new PointStore(file));
        Assert.Equal($"{file} is a file, not a run folder", e.Message);
        Assert.Equal("kept", File.ReadAllText(file));
    }

    [Fact]
    public void A_truncated_record_is_reported_with_its_path()
    {
        using var temp = new TempFolder();
        var store = new PointStore(temp.Path);
        var point = Samples.Point();
        store.Save(point);
        string path = store.RecordPath(point.Key);
        File.WriteAllText(path, File.ReadAllText(path)[..40]);
        var e = Assert.Throws<PointStoreException>(store.LoadAll);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resuming_with_another_image_count_is_refused_but_more_seeds_are_fine()
    {
        using var temp = new TempFolder();
        var store = new PointStore(temp.Path);
        var machine = MachineInfo.Current();
        store.Begin(new RunManifest(Samples.Settings(images: 50), machine, DateTime.UtcNow));
        store.Begin(new RunManifest(Samples.Settings(images: 50) with { Seeds = [1, 2, 3], Workers = 4 }, machine, DateTime.UtcNow));
        var e = Assert.Throws<PointStoreException>(() => store.Begin(new RunManifest(Samples.Settings(images: 200), machine, DateTime.UtcNow)));
        Assert.Contains("50 images", e.Message, StringComparison.Ordinal);
        Assert.Equal([1, 2, 3], store.ReadManifest()!.Settings.Seeds);
    }

    [Theory]
    [InlineData(12, null, "6 training epochs per point, not 12")]
    [InlineData(6, 1000, "training limited to the whole split, not 1000 images")]
    public void Resuming_with_other_training_is_refused(int epochs, int? trainLimit, string message)
    {
        using var temp = new TempFolder();
        var store = new PointStore(temp.Path);
        var machine = MachineInfo.Current();
        store.Begin(new RunManifest(Samples.Settings() with { Epochs = 6 }, machine, DateTime.UtcNow));
        var e = Assert.Throws<PointStoreException>(() =>
            store.Begin(new RunManifest(Samples.Settings() with { Epochs = epochs, TrainLimit = trainLimit }, machine, DateTime.UtcNow)));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Equal(6, store.ReadManifest()!.Settings.Epochs);
    }

    [Fact]
    public void Manifest_round_trips_budgets_including_all()
    {
        using var temp = new TempFolder();
        var store = new PointStore(temp.Path);
        var settings = Samples.Settings();
        store.Begin(new RunManifest(settings, MachineInfo.Current(), DateTime.UtcNow));
        Assert.Equal(settings.Budgets, store.ReadManifest()!.Settings.Budgets);
        Assert.Equal(settings.Points(), store.ReadManifest()!.Settings.Points());
    }
}

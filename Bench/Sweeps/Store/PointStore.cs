using System.Text.Json;
using PiToolkit.Bench.Sweeps.Points;
using PiToolkit.ModelFormat.IO;

namespace PiToolkit.Bench.Sweeps.Store;

/// <summary>
/// A benchmark run folder. Each finished point is one JSON record under <c>points/</c>, written
/// atomically the moment the point finishes, so a run killed at any time loses at most the points in
/// flight and a rerun skips every recorded one. Each point also gets a work folder under <c>work/</c>
/// for its checkpoints and exported model, where the evaluator can resume its own training.
/// </summary>
/// <remarks>Safe for concurrent <see cref="Save"/> calls from several workers: each point has its own file.</remarks>
public sealed class PointStore
{
    /// <summary>Folder of point records.</summary>
    public const string PointsFolderName = "points";
    /// <summary>Folder of per-point work folders.</summary>
    public const string WorkFolderName = "work";
    /// <summary>The run manifest's file name.</summary>
    public const string ManifestFileName = "run.json";

    /// <summary>Opens (without creating) the run folder <paramref name="folder"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is empty.</exception>
    /// <exception cref="IOException"><paramref name="folder"/> is a file.</exception>
    public PointStore(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Folder = Path.GetFullPath(folder);
        if (File.Exists(Folder)) throw new IOException($"{Folder} is a file, not a run folder");
    }

    /// <summary>The run folder.</summary>
    public string Folder { get; }

    private string PointsFolder => Path.Combine(Folder, PointsFolderName);

    /// <summary>Where <paramref name="key"/>'s record is (or will be).</summary>
    public string RecordPath(BenchPointKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Path.Combine(PointsFolder, key.Id + ".json");
    }

    /// <summary>The work folder of <paramref name="key"/>, created if missing.</summary>
    public string WorkFolder(BenchPointKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Directory.CreateDirectory(Path.Combine(Folder, WorkFolderName, key.Id)).FullName;
    }

    /// <summary>Whether <paramref name="key"/> has a record (measured or failed).</summary>
    public bool IsFinished(BenchPointKey key) => File.Exists(RecordPath(key));

    /// <summary>Records a finished point, replacing any earlier record of the same key atomically.</summary>
    /// <exception cref="IOException">The record cannot be written; an earlier record, if any, is unchanged.</exception>
    public void Save(BenchPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        Directory.CreateDirectory(PointsFolder);
        AtomicFile.WriteAllText(RecordPath(point.Key), JsonSerializer.Serialize(point, BenchJson.Options));
    }

    /// <summary>Every recorded point, ordered by id.</summary>
    /// <exception cref="PointStoreException">A record does not parse, or its key does not match its file name.</exception>
    public IReadOnlyList<BenchPoint> LoadAll()
    {
        if (!Directory.Exists(PointsFolder)) return [];
        var points = new List<BenchPoint>();
        foreach (string path in Directory.EnumerateFiles(PointsFolder, "*.json").Order(StringComparer.Ordinal))
        {
            BenchPoint? point;
            try
            {
                point = JsonSerializer.Deserialize<BenchPoint>(File.ReadAllText(path), BenchJson.Options);
            }
            catch (JsonException e)
            {
                throw new PointStoreException($"{path}: not a point record ({e.Message}); delete it to rerun the point", e);
            }
            if (point is null || point.Key is null)
                throw new PointStoreException($"{path}: empty point record; delete it to rerun the point");
            // A record copied or renamed by hand would otherwise be skipped as "finished" under a name
            // that is not its own.
            if (Path.GetFileNameWithoutExtension(path) != point.Key.Id)
                throw new PointStoreException($"{path}: holds point {point.Key.Id}, not the one its name says");
            points.Add(point);
        }
        return points;
    }

    /// <summary>The run manifest, or null if the folder has none (yet).</summary>
    /// <exception cref="PointStoreException">The manifest does not parse.</exception>
    public RunManifest? ReadManifest()
    {
        string path = Path.Combine(Folder, ManifestFileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<RunManifest>(File.ReadAllText(path), BenchJson.Options)
                ?? throw new PointStoreException($"{path}: empty run manifest");
        }
        catch (JsonException e)
        {
            throw new PointStoreException($"{path}: not a run manifest ({e.Message})", e);
        }
    }

    /// <summary>
    /// Starts (or resumes) a run: checks that <paramref name="manifest"/> is comparable with the run
    /// already in the folder, then records it. Methods, budgets, seeds and workers may change between
    /// resumptions (points are keyed by them); the model, checkpoint, image count and training (epochs,
    /// image limit) may not, since points measured under different ones would sit in one table as if
    /// comparable.
    /// </summary>
    /// <exception cref="PointStoreException">The folder holds a run of another model, checkpoint, image count or training.</exception>
    public void Begin(RunManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (ReadManifest() is { } existing)
        {
            var (was, now) = (existing.Settings, manifest.Settings);
            string? clash =
                was.Model != now.Model ? $"model {was.Model}, not {now.Model}" :
                Path.GetFullPath(was.Checkpoint) != Path.GetFullPath(now.Checkpoint) ? $"checkpoint {was.Checkpoint}, not {now.Checkpoint}" :
                was.Images != now.Images ? $"{was.Images} images per point, not {now.Images}" :
                was.Epochs != now.Epochs ? $"{was.Epochs} training epochs per point, not {now.Epochs}" :
                was.TrainLimit != now.TrainLimit ? $"training limited to {Describe(was.TrainLimit)}, not {Describe(now.TrainLimit)}" :
                null;
            if (clash is not null)
                throw new PointStoreException($"{Folder} holds a run with {clash}; use another --out or the same settings");
        }
        Directory.CreateDirectory(Folder);
        AtomicFile.WriteAllText(Path.Combine(Folder, ManifestFileName), JsonSerializer.Serialize(manifest, BenchJson.Options));
    }

    private static string Describe(int? trainLimit) => trainLimit is { } n ? $"{n} images" : "the whole split";
}

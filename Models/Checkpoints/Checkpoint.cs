using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using PiToolkit.ModelFormat.IO;
using PiToolkit.Models.Zoo;

namespace PiToolkit.Models.Checkpoints;

/// <summary>
/// A checkpoint is a folder with <c>manifest.json</c> and <c>model.weights</c> (TorchSharp's state
/// format). Saving writes both through temporary files and renames, weights first, so an
/// interrupted save leaves the previous pair or a manifest whose checksum exposes the mix-up;
/// loading verifies the checksum and every tensor name and shape before a weight is read.
/// </summary>
public static class Checkpoint
{
    /// <summary>Manifest file name inside a checkpoint folder.</summary>
    public const string ManifestFile = "manifest.json";
    /// <summary>Weights file name inside a checkpoint folder.</summary>
    public const string WeightsFile = "model.weights";

    /// <summary>JSON settings shared by every manifest reader and writer.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        // A diverged run (loss = ∞ or NaN) must still be recorded, not crash the save.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The state-dict entries of <paramref name="model"/>, for a manifest.</summary>
    public static IReadOnlyList<TensorEntry> DescribeTensors(ZooModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.state_dict().Select(kv => new TensorEntry(kv.Key, kv.Value.shape)).ToList();
    }

    /// <summary>Saves <paramref name="model"/> and <paramref name="manifest"/> into <paramref name="folder"/> (created if needed); fills in the tensor list and checksum.</summary>
    /// <returns>The manifest as written.</returns>
    public static CheckpointManifest Save(string folder, ZooModel model, CheckpointManifest manifest)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(manifest);
        Directory.CreateDirectory(folder);
        // Weights first, manifest last: a manifest on disk always names weights that are complete.
        string? digest = null;
        AtomicFile.Write(Path.Combine(folder, WeightsFile), temporary =>
        {
            model.save(temporary);
            digest = Sha256(temporary);
        });
        var written = manifest with { Tensors = DescribeTensors(model), WeightsSha256 = digest! };
        AtomicFile.WriteAllText(Path.Combine(folder, ManifestFile), JsonSerializer.Serialize(written, JsonOptions));
        return written;
    }

    /// <summary>Reads and validates only the manifest of a checkpoint folder (or a path to its manifest.json).</summary>
    /// <exception cref="CheckpointFormatException">Missing, unreadable, wrong version, or incomplete.</exception>
    public static CheckpointManifest ReadManifest(string path)
    {
        string manifestPath = ManifestPath(path);
        if (!File.Exists(manifestPath))
            throw new CheckpointFormatException($"{path}: not a checkpoint (no {ManifestFile})");
        CheckpointManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<CheckpointManifest>(File.ReadAllText(manifestPath), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException($"{manifestPath}: not a valid manifest ({e.Message})", e);
        }
        if (manifest is null || manifest.Model is null || manifest.Tensors is null || manifest.WeightsSha256 is null || manifest.Census is null)
            throw new CheckpointFormatException($"{manifestPath}: manifest is incomplete");
        if (manifest.FormatVersion != CheckpointManifest.CurrentFormatVersion)
            throw new CheckpointFormatException($"{manifestPath}: manifest format version {manifest.FormatVersion}, this toolkit reads {CheckpointManifest.CurrentFormatVersion}");
        return manifest;
    }

    /// <summary>Loads a checkpoint, rebuilding the model from its manifest.</summary>
    /// <exception cref="CheckpointFormatException">The manifest is invalid, the weights are missing or do not match the checksum, or the rebuilt model's tensors differ from the manifest's.</exception>
    public static (ZooModel Model, CheckpointManifest Manifest) Load(string path)
    {
        var manifest = ReadManifest(path);
        string folder = Path.GetDirectoryName(ManifestPath(path))!;
        string weights = Path.Combine(folder, WeightsFile);
        if (!File.Exists(weights))
            throw new CheckpointFormatException($"{folder}: {WeightsFile} is missing");
        string actual = Sha256(weights);
        if (!string.Equals(actual, manifest.WeightsSha256, StringComparison.OrdinalIgnoreCase))
            throw new CheckpointFormatException($"{weights}: checksum {actual[..12]}… does not match the manifest's {manifest.WeightsSha256[..Math.Min(12, manifest.WeightsSha256.Length)]}… (file corrupt or from another run)");

        ZooModel model;
        try
        {
            model = ModelZoo.Build(manifest.Model);
        }
        catch (ArgumentException e)
        {
            throw new CheckpointFormatException($"{ManifestPath(path)}: cannot rebuild the model ({e.Message})", e);
        }
        try
        {
            InstallMasks(model, manifest);
            CheckTensors(model, manifest, weights);
            model.load(weights, strict: true);
            return (model, manifest);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Linearized checkpoints store a <c>mask</c> per masked site: give those sites a placeholder of the stored shape so the weights load into it.</summary>
    private static void InstallMasks(ZooModel model, CheckpointManifest manifest)
    {
        var sites = model.ReluSites().ToDictionary(s => s.Name, s => s.Site);
        foreach (var tensor in manifest.Tensors.Where(t => t.Name.EndsWith(".mask", StringComparison.Ordinal)))
        {
            string site = tensor.Name[..^".mask".Length];
            if (!sites.TryGetValue(site, out var relu))
                throw new CheckpointFormatException($"manifest: mask {tensor.Name} names no ReLU site of {manifest.Model.Architecture}");
            using var placeholder = TorchSharp.torch.ones(tensor.Shape);
            relu.SetMask(placeholder, trainable: false);
        }
    }

    private static void CheckTensors(ZooModel model, CheckpointManifest manifest, string weights)
    {
        var expected = DescribeTensors(model).ToDictionary(t => t.Name, t => t.Shape);
        var stored = manifest.Tensors.ToDictionary(t => t.Name, t => t.Shape);
        var missing = expected.Keys.Except(stored.Keys).ToList();
        var extra = stored.Keys.Except(expected.Keys).ToList();
        if (missing.Count > 0 || extra.Count > 0)
            throw new CheckpointFormatException($"{weights}: tensors do not match architecture {manifest.Model.Architecture}"
                + (missing.Count > 0 ? $"; missing {string.Join(", ", missing.Take(5))}" : "")
                + (extra.Count > 0 ? $"; unexpected {string.Join(", ", extra.Take(5))}" : ""));
        foreach (var (name, shape) in expected)
            if (!shape.SequenceEqual(stored[name]))
                throw new CheckpointFormatException($"{weights}: tensor {name} has shape [{string.Join(',', stored[name])}] in the manifest but [{string.Join(',', shape)}] in {manifest.Model.Architecture}");
    }

    private static string ManifestPath(string path) =>
        Directory.Exists(path) ? Path.Combine(path, ManifestFile) : path;

    private static string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

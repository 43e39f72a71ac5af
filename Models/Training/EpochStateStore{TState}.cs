using System.Globalization;
using System.Text.Json;
using PiToolkit.ModelFormat.IO;
using PiToolkit.Models.Checkpoints;
using static TorchSharp.torch;

namespace PiToolkit.Models.Training;

/// <summary>
/// The folder of a resumable multi-epoch phase (SNL's mask phase, finetuning, <c>pitk train</c>).
/// After epoch E it holds the model's weights (<c>weights-E</c>), the optimiser state
/// (<c>optimizer-E.state</c>, written by the <see cref="Trainer"/> through
/// <see cref="TrainingResume.SaveOptimizerTo"/>) and the caller's state, committed by renaming
/// <c>state.json</c> into place last. Because state.json names its epoch, weights, optimiser moments
/// and state always come from the same epoch: a crash before the rename leaves the previous epoch's
/// files and state untouched, and weights and optimiser files of other epochs are removed only after
/// the commit. Callers may keep files of their own in the folder (other names are left alone).
/// </summary>
/// <typeparam name="TState">What the caller keeps besides weights and optimiser (λ, history, best epoch…).</typeparam>
/// <remarks>
/// The run's settings are stored with the state and compared on resume: continuing a run under
/// different hyperparameters would silently produce a result that belongs to neither.
/// </remarks>
public sealed class EpochStateStore<TState>(string folder) where TState : class
{
    private const string StateFile = "state.json";

    /// <summary>The folder the state lives in.</summary>
    public string Folder => folder;

    /// <summary>True when some epoch has been committed.</summary>
    public bool Exists => File.Exists(StatePath);

    private string StatePath => Path.Combine(folder, StateFile);

    /// <summary>Weights file of <paramref name="epoch"/>.</summary>
    public string WeightsPath(int epoch) => Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"weights-{epoch}"));

    /// <summary>Optimiser-state file of <paramref name="epoch"/>.</summary>
    public string OptimizerPath(int epoch) => Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"optimizer-{epoch}.state"));

    /// <summary>The trainer's resume settings after <paramref name="lastEpoch"/> committed epochs (0 for a fresh run).</summary>
    public TrainingResume Resume(int lastEpoch) => new(lastEpoch > 0 ? OptimizerPath(lastEpoch) : null, lastEpoch + 1, OptimizerPath);

    /// <summary>Loads the last committed epoch's weights into <paramref name="model"/> and returns its state, or null when nothing was committed.</summary>
    /// <exception cref="ArgumentException">The folder holds a run with different settings; the message lists them.</exception>
    /// <exception cref="CheckpointFormatException">The state is unreadable or its epoch's files are missing.</exception>
    public (int Epoch, TState State)? TryLoad(nn.Module model, IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        if (!File.Exists(StatePath)) return null;
        StoredState<TState> stored;
        try
        {
            stored = JsonSerializer.Deserialize<StoredState<TState>>(File.ReadAllText(StatePath), Checkpoint.JsonOptions)
                ?? throw new CheckpointFormatException($"{StatePath}: empty");
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException($"{StatePath}: unreadable state ({e.Message}); delete {folder} to start over", e);
        }
        if (stored.State is null || stored.Settings is null)
            throw new CheckpointFormatException($"{StatePath}: incomplete state; delete {folder} to start over");
        var differences = settings.Keys.Union(stored.Settings.Keys).Order(StringComparer.Ordinal)
            .Where(k => settings.GetValueOrDefault(k) != stored.Settings.GetValueOrDefault(k))
            .Select(k => $"{k} {stored.Settings.GetValueOrDefault(k) ?? "unset"} there, {settings.GetValueOrDefault(k) ?? "unset"} now")
            .ToList();
        if (differences.Count > 0)
            throw new ArgumentException($"{folder} holds an interrupted run with other settings ({string.Join("; ", differences)}); "
                + "repeat the original command to resume it, or delete the folder to start over", nameof(settings));
        string weights = WeightsPath(stored.Epoch);
        if (!File.Exists(weights) || !File.Exists(OptimizerPath(stored.Epoch)))
            throw new CheckpointFormatException($"{StatePath}: the files of epoch {stored.Epoch} are missing; delete {folder} to start over");
        model.load(weights, strict: true);
        return (stored.Epoch, stored.State);
    }

    /// <summary>Commits <paramref name="epoch"/>: its weights, then state.json; the optimiser state of the epoch must already be written.</summary>
    /// <exception cref="InvalidOperationException">The epoch's optimiser state is missing (the trainer was not given <see cref="Resume"/>).</exception>
    public void Save(nn.Module model, int epoch, IReadOnlyDictionary<string, string> settings, TState state)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(state);
        if (!File.Exists(OptimizerPath(epoch)))
            throw new InvalidOperationException($"{OptimizerPath(epoch)} is missing: train with this store's Resume settings so the optimiser state is saved first");
        Directory.CreateDirectory(folder);
        string weights = WeightsPath(epoch);
        AtomicFile.Write(weights, temporary => model.save(temporary));
        AtomicFile.WriteAllText(StatePath, JsonSerializer.Serialize(new StoredState<TState>(epoch, settings, state), Checkpoint.JsonOptions));
        foreach (string file in Directory.EnumerateFiles(folder))
        {
            string name = Path.GetFileName(file);
            if ((name.StartsWith("weights-", StringComparison.Ordinal) || name.StartsWith("optimizer-", StringComparison.Ordinal))
                && file != weights && file != OptimizerPath(epoch))
                File.Delete(file);
        }
    }

    /// <summary>Deletes the folder once the phase's result is saved elsewhere.</summary>
    public void Delete()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}

/// <summary>The contents of state.json: the committed epoch, the run's settings and the caller's state.</summary>
internal sealed record StoredState<TState>(int Epoch, IReadOnlyDictionary<string, string> Settings, TState State);

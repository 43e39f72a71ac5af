using System.Text.Json;
using PiToolkit.ModelFormat.IO;
using PiToolkit.Models.Checkpoints;
using PiToolkit.Models.Zoo;

namespace PiToolkit.Linearize.Snl;

/// <summary>
/// The files of a resumable SNL mask phase: <c>state.json</c>, <c>student.weights</c> (weights and
/// masks) and <c>optimizer.state</c>. Each is replaced through a rename and state.json last, so the
/// epoch it names always has its weights on disk.
/// </summary>
public sealed class SnlStateStore(string folder)
{
    private string StatePath => Path.Combine(folder, "state.json");
    private string WeightsPath => Path.Combine(folder, "student.weights");

    /// <summary>Where the optimiser state lives (written by the trainer).</summary>
    public string OptimizerPath => Path.Combine(folder, "optimizer.state");

    /// <summary>Loads the saved state into <paramref name="student"/> (whose masks must be installed), or returns null when there is none.</summary>
    /// <exception cref="CheckpointFormatException">The state is unreadable.</exception>
    public SnlState? TryLoad(ZooModel student)
    {
        ArgumentNullException.ThrowIfNull(student);
        if (!File.Exists(StatePath) || !File.Exists(WeightsPath)) return null;
        try
        {
            var state = JsonSerializer.Deserialize<SnlState>(File.ReadAllText(StatePath), Checkpoint.JsonOptions)
                ?? throw new CheckpointFormatException($"{StatePath}: empty");
            student.load(WeightsPath, strict: true);
            return state;
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException($"{StatePath}: unreadable SNL state ({e.Message}); delete the folder to start over", e);
        }
    }

    /// <summary>Saves the student and the state after an epoch.</summary>
    public void Save(ZooModel student, SnlState state)
    {
        ArgumentNullException.ThrowIfNull(student);
        Directory.CreateDirectory(folder);
        AtomicFile.Write(WeightsPath, temporary => student.save(temporary));
        AtomicFile.WriteAllText(StatePath, JsonSerializer.Serialize(state, Checkpoint.JsonOptions));
    }

    /// <summary>Deletes the folder once the run has produced its checkpoint.</summary>
    public void Delete()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}

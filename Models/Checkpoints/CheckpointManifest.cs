using PiToolkit.Models.Census;
using PiToolkit.Models.Data;
using PiToolkit.Models.Training;
using PiToolkit.Models.Zoo;

namespace PiToolkit.Models.Checkpoints;

/// <summary>
/// The JSON manifest saved next to a checkpoint's weights: everything needed to rebuild, check and
/// describe the model. <see cref="Checkpoint.Load"/> validates it against the weights file.
/// </summary>
public sealed record CheckpointManifest
{
    /// <summary>The manifest format this code writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Format version of this manifest.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;
    /// <summary>Toolkit version that wrote it.</summary>
    public string ToolkitVersion { get; init; } = typeof(CheckpointManifest).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    /// <summary>When it was written (UTC).</summary>
    public DateTime CreatedUtc { get; init; } = DateTime.UtcNow;
    /// <summary>Architecture and its options.</summary>
    public required ModelOptions Model { get; init; }
    /// <summary>Training data.</summary>
    public required DatasetRecord Dataset { get; init; }
    /// <summary>Input normalisation the model expects.</summary>
    public required Normalization Normalization { get; init; }
    /// <summary>Accuracy on validation and test.</summary>
    public required AccuracyRecord Accuracy { get; init; }
    /// <summary>ReLU census for the model's input shape.</summary>
    public required CensusReport Census { get; init; }
    /// <summary>Training hyperparameters, including the seed.</summary>
    public TrainingOptions? Training { get; init; }
    /// <summary>Per-epoch history of the training run.</summary>
    public IReadOnlyList<EpochSummary> History { get; init; } = [];
    /// <summary>How the model was linearized, or null for a plain trained model.</summary>
    public LinearizationRecord? Linearization { get; init; }
    /// <summary>How the model was pruned, or null for an unpruned model.</summary>
    public PruningRecord? Pruning { get; init; }
    /// <summary>Stored tensors and their shapes.</summary>
    public required IReadOnlyList<TensorEntry> Tensors { get; init; }
    /// <summary>SHA-256 of the weights file, lower-case hex.</summary>
    public required string WeightsSha256 { get; init; }
}

namespace PiToolkit.Models.Checkpoints;

/// <summary>Accuracy figures (0..1); null where not measured.</summary>
/// <param name="Validation">On the validation split (used for model selection).</param>
/// <param name="Test">On the official test set (reported, never selected on).</param>
public sealed record AccuracyRecord(double? Validation, double? Test);

namespace PiToolkit.Models.Checkpoints;

/// <summary>Which data a model was trained on.</summary>
/// <param name="Name">Catalog name.</param>
/// <param name="ValidationCount">Images held out of training for validation.</param>
/// <param name="TrainCount">Images trained on.</param>
/// <param name="SplitSeed">Seed of the train/validation split.</param>
public sealed record DatasetRecord(string Name, int ValidationCount, int TrainCount, int SplitSeed);

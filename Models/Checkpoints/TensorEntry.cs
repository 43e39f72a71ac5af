namespace PiToolkit.Models.Checkpoints;

/// <summary>Shape of one stored tensor, checked against the rebuilt model on load.</summary>
/// <param name="Name">State-dict key.</param>
/// <param name="Shape">Tensor shape.</param>
public sealed record TensorEntry(string Name, long[] Shape);

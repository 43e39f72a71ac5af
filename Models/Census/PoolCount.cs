namespace PiToolkit.Models.Census;

/// <summary>One max-pooling layer in a census: its secure comparisons, counted apart from ReLUs.</summary>
/// <param name="Name">Module path.</param>
/// <param name="OutputShape">Per-sample output shape.</param>
/// <param name="Kernel">Window side.</param>
/// <param name="Comparisons">(k²−1) comparisons per output value.</param>
public sealed record PoolCount(string Name, long[] OutputShape, int Kernel, long Comparisons);

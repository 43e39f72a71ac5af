namespace PiToolkit.SecureInference.Circuits;

/// <summary>One term of an arithmetic output: the bit on <see cref="Wire"/> times <see cref="Weight"/> (mod p).</summary>
public readonly record struct WeightedOutput(int Wire, ulong Weight);

namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// Local truncation of both shares by <see cref="Bits"/> (SecureML, Mohassel–Zhang 2017): the
/// result is ⌊x / 2^t⌋ or one more, and wrong by about p/2^t with probability about |x|/p.
/// Inserted only where no ReLU site rescales: before a linear layer whose input is already at
/// scale ≥ 2f (linear layers with no site, or a fully linearized site, in between).
/// </summary>
public sealed class TruncateStep : PlanStep
{
    internal TruncateStep(int index, string name, int input, int length, int bits, int outputScale)
        : base(index, name, [input], length, outputScale) => Bits = bits;

    /// <inheritdoc/>
    public override PlanStepKind Kind => PlanStepKind.Truncate;

    /// <summary>Bits removed.</summary>
    public int Bits { get; }

    private protected override void WriteDetails(BinaryWriter writer) => writer.Write(Bits);
}

using PiToolkit.SecureInference.Arithmetic;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// Residual add, locally on shares. An operand at a lower scale is first multiplied by 2^lift
/// (exact, local) so both sides of the sum mean the same unit.
/// </summary>
public sealed class AddStep : PlanStep
{
    internal AddStep(int index, string name, int left, int right, int length, int leftLift, int rightLift, int outputScale)
        : base(index, name, [left, right], length, outputScale)
    {
        LeftLift = leftLift;
        RightLift = rightLift;
    }

    /// <inheritdoc/>
    public override PlanStepKind Kind => PlanStepKind.Add;

    /// <summary>Bits the left operand is shifted up by.</summary>
    public int LeftLift { get; }

    /// <summary>Bits the right operand is shifted up by.</summary>
    public int RightLift { get; }

    internal ulong[] Apply(ReadOnlySpan<ulong> left, ReadOnlySpan<ulong> right, PrimeField field)
    {
        ulong a = LocalTruncation.Pow2(LeftLift, field), b = LocalTruncation.Pow2(RightLift, field);
        var output = new ulong[OutputLength];
        for (int i = 0; i < output.Length; i++)
            output[i] = field.Add(field.Mul(left[i], a), field.Mul(right[i], b));
        return output;
    }

    private protected override void WriteDetails(BinaryWriter writer)
    {
        writer.Write(LeftLift);
        writer.Write(RightLift);
    }
}

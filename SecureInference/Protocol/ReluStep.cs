using System.Collections.Immutable;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// A ReLU site. Kept positions run the garbled ReLU circuit, which also truncates exactly by
/// <see cref="TruncationBits"/>; identity (linearized) positions pass through with local truncation
/// of both shares (no circuit, no OT, no traffic of their own). A fully linearized site keeps no
/// position and needs no circuit at all. Which positions are kept is public (it is the model's
/// architecture), so both parties know which values enter the circuit.
/// </summary>
public sealed class ReluStep : PlanStep
{
    private readonly bool[] _kept;

    internal ReluStep(int index, string name, int input, int length, int truncationBits, int outputScale, bool[] kept)
        : base(index, name, [input], length, outputScale)
    {
        TruncationBits = truncationBits;
        _kept = kept;
        KeptPositions = [.. Enumerable.Range(0, length).Where(i => kept[i])];
        IdentityPositions = [.. Enumerable.Range(0, length).Where(i => !kept[i])];
    }

    /// <inheritdoc/>
    public override PlanStepKind Kind => PlanStepKind.Relu;

    /// <summary>Bits removed: input scale − f (exactly in the circuit, locally at identity positions).</summary>
    public int TruncationBits { get; }

    /// <summary>Positions that run the ReLU circuit, ascending.</summary>
    public ImmutableArray<int> KeptPositions { get; }

    /// <summary>Positions that pass through (linearized), ascending.</summary>
    public ImmutableArray<int> IdentityPositions { get; }

    /// <summary>Whether position <paramref name="position"/> is kept.</summary>
    public bool IsKept(int position) => _kept[position];

    private protected override void WriteDetails(BinaryWriter writer)
    {
        writer.Write(TruncationBits);
        writer.Write(KeptPositions.Length);
        foreach (int i in KeptPositions)
            writer.Write(i);
    }
}

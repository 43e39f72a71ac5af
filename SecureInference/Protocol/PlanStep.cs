using System.Collections.Immutable;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// One step of an <see cref="InferencePlan"/>: public information only (shapes, kept positions,
/// scales), never weights. Values are numbered as in the model graph: value 0 is the input and step
/// i produces value i + 1.
/// </summary>
public abstract class PlanStep
{
    private protected PlanStep(int index, string name, ImmutableArray<int> inputs, int outputLength, int outputScale)
    {
        Index = index;
        Name = name;
        Inputs = inputs;
        OutputLength = outputLength;
        OutputScale = outputScale;
    }

    /// <summary>Position in the plan.</summary>
    public int Index { get; }

    /// <summary>The layer's name, used in reports and errors.</summary>
    public string Name { get; }

    /// <summary>What the step does.</summary>
    public abstract PlanStepKind Kind { get; }

    /// <summary>The values consumed.</summary>
    public ImmutableArray<int> Inputs { get; }

    /// <summary>The value produced (<see cref="Index"/> + 1).</summary>
    public int Output => Index + 1;

    /// <summary>Number of field elements in the output.</summary>
    public int OutputLength { get; }

    /// <summary>Fixed-point scale of the output: the field element X stands for X / 2^scale.</summary>
    public int OutputScale { get; }

    /// <summary>Writes the public description that the plan's fingerprint covers.</summary>
    internal void WritePublic(BinaryWriter writer)
    {
        writer.Write((int)Kind);
        writer.Write(Name);
        writer.Write(Inputs.Length);
        foreach (int i in Inputs)
            writer.Write(i);
        writer.Write(OutputLength);
        writer.Write(OutputScale);
        WriteDetails(writer);
    }

    private protected abstract void WriteDetails(BinaryWriter writer);
}

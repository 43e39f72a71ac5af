namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// The client replaces its share c by a mask r it chose offline and sends c − r; the server adds
/// it to its share. Needed in front of a ReLU site whose input share the client cannot know before
/// the input (e.g. a residual add of a previous ReLU's output), because the garbled circuit's OTs
/// for the client's share run offline. Costs one field element per value online.
/// </summary>
public sealed class ReshareStep : PlanStep
{
    internal ReshareStep(int index, string name, int input, int length, int scale)
        : base(index, name, [input], length, scale)
    {
    }

    /// <inheritdoc/>
    public override PlanStepKind Kind => PlanStepKind.Reshare;

    private protected override void WriteDetails(BinaryWriter writer)
    {
    }
}

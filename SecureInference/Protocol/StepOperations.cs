namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// What one step of a plan does per inference, counted from the public plan alone (no keys, no run).
/// The counts follow <see cref="StepCost"/>'s definitions, so they equal the operation columns of a
/// <c>pitk pi run</c> report for the same plan and encoding.
/// </summary>
/// <param name="Step">Step index in the plan.</param>
/// <param name="Name">Layer name.</param>
/// <param name="Kind">Step kind, as reports name it ("linear", "relu", …).</param>
/// <param name="Encoding">A linear step's HE encoding ("slots" or "coefficient"); null for other steps.</param>
/// <param name="Relus">Kept ReLUs (one garbled circuit each).</param>
/// <param name="MultiplyPlain">HE multiply_plain operations.</param>
/// <param name="Rotations">HE rotations.</param>
/// <param name="AndGates">AND gates garbled (and evaluated).</param>
/// <param name="ObliviousTransfers">Correlated OTs (one per bit of the client's share of a kept ReLU).</param>
public sealed record StepOperations(int Step, string Name, string Kind, string? Encoding, long Relus,
    long MultiplyPlain, long Rotations, long AndGates, long ObliviousTransfers);

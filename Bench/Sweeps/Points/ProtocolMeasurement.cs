namespace PiToolkit.Bench.Sweeps.Points;

/// <summary>
/// What running the two-party protocol on a point's model measured, over <see cref="Images"/> test
/// images over loopback. Costs are per inference (the median over the images, as <c>pitk pi run</c>
/// reports them); counts are per inference. Produced by an <see cref="Running.IProtocolMeasurer"/>.
/// </summary>
/// <param name="Images">Test images run.</param>
/// <param name="Accuracy">Fraction of images whose protocol output (the client's argmax) is the true label.</param>
/// <param name="FloatAccuracy">The float model's accuracy on the same images.</param>
/// <param name="Layers">Protocol layers (linear layers and nonlinear sites), each a round of messages.</param>
/// <param name="HeMultiplyPlain">Homomorphic ciphertext-plaintext multiplications.</param>
/// <param name="HeRotations">Homomorphic rotations.</param>
/// <param name="AndGates">AND gates garbled (free-XOR makes XOR gates free).</param>
/// <param name="ObliviousTransfers">Oblivious transfers (one per client input bit of the circuits).</param>
/// <param name="ClientOfflineMs">Client's time in the offline phase.</param>
/// <param name="ServerOfflineMs">Server's time in the offline phase.</param>
/// <param name="OfflineMs">Wall-clock time of the offline phase, both parties running.</param>
/// <param name="ClientOnlineMs">Client's time in the online phase.</param>
/// <param name="ServerOnlineMs">Server's time in the online phase.</param>
/// <param name="OnlineMs">Wall-clock time of the online phase: the latency the user waits for.</param>
/// <param name="OfflineClientToServerBytes">Bytes the client sent in the offline phase.</param>
/// <param name="OfflineServerToClientBytes">Bytes the server sent in the offline phase.</param>
/// <param name="OnlineClientToServerBytes">Bytes the client sent in the online phase.</param>
/// <param name="OnlineServerToClientBytes">Bytes the server sent in the online phase.</param>
public sealed record ProtocolMeasurement(
    int Images,
    double Accuracy,
    double FloatAccuracy,
    int Layers,
    long HeMultiplyPlain,
    long HeRotations,
    long AndGates,
    long ObliviousTransfers,
    double ClientOfflineMs,
    double ServerOfflineMs,
    double OfflineMs,
    double ClientOnlineMs,
    double ServerOnlineMs,
    double OnlineMs,
    long OfflineClientToServerBytes,
    long OfflineServerToClientBytes,
    long OnlineClientToServerBytes,
    long OnlineServerToClientBytes)
{
    /// <summary>Bytes of the offline phase, both ways.</summary>
    public long OfflineBytes => OfflineClientToServerBytes + OfflineServerToClientBytes;

    /// <summary>Bytes of the online phase, both ways.</summary>
    public long OnlineBytes => OnlineClientToServerBytes + OnlineServerToClientBytes;

    /// <summary>Bytes of both phases, both ways.</summary>
    public long TotalBytes => OfflineBytes + OnlineBytes;
}

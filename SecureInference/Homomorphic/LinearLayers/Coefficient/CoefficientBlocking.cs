namespace PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;

/// <summary>
/// How a layer is cut into polynomial products for coefficient encoding: <see cref="Channels"/>
/// input channels and an input tile of <see cref="TileHeight"/> × <see cref="TileWidth"/> (padded
/// coordinates) form one input polynomial of A = Channels·TileHeight·TileWidth coefficients, and
/// <see cref="OutputChannels"/> output channels share one kernel polynomial and one output
/// ciphertext. Outputs stay clean of negacyclic wrap-around exactly when OutputChannels·A ≤ N.
/// </summary>
/// <param name="Channels">Input channels per input polynomial (Cn).</param>
/// <param name="OutputChannels">Output channels per product (Mn).</param>
/// <param name="TileHeight">Input rows per tile (Hn), at least the kernel height.</param>
/// <param name="TileWidth">Input columns per tile (Wn), at least the kernel width.</param>
public sealed record CoefficientBlocking(int Channels, int OutputChannels, int TileHeight, int TileWidth)
{
    /// <summary>Coefficients one input polynomial spans (A = Cn·Hn·Wn); output channel block k starts at k·A.</summary>
    public int Span => Channels * TileHeight * TileWidth;
}

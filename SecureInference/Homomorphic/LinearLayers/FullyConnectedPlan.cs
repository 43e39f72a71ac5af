using System.Collections.Immutable;
using System.Numerics;

namespace PiToolkit.SecureInference.Homomorphic.LinearLayers;

/// <summary>
/// Matrix × encrypted vector in the hybrid diagonal packing (Halevi–Shoup diagonals, generalised
/// to wide matrices as in Gazelle, Juvekar et al. 2018, §5.2). The input, zero-padded to a power of
/// two n' (at most N/2 per ciphertext; longer inputs are split into chunks), is replicated across
/// the 2N/n' blocks of n' slots. Slot j of global block g accumulates, for output
/// o = (j mod K) + K·g, the K products M[o, (j+k) mod n'] · x[(j+k) mod n'] for k &lt; K: one
/// rotation of the input by k and one multiply_plain per k. Replication makes rotations that cross
/// block boundaries harmless. The n'/K window sums for each output sit K slots apart inside one
/// block and are added with log2(n'/K) rotate-and-adds. K is the smallest power of two with
/// (2N/n')·K ≥ outputs, so every slot does useful work: 400→120 at N = 8192 takes 8 multiply_plains
/// and 13 rotations.
/// </summary>
internal sealed class FullyConnectedPlan : LinearLayerPlan
{
    private readonly FullyConnectedGeometry _g;
    private readonly int _n;        // slots N
    private readonly int _period;   // n'
    private readonly int _blocks;   // T = N / n' (both rows)
    private readonly int _k;        // window length K
    private readonly int _chunks;   // input ciphertexts
    private readonly int _groups;   // output ciphertexts
    private readonly int[] _taps;   // rotations 0 … K−1

    public FullyConnectedPlan(FullyConnectedGeometry geometry, EncryptionParameters parameters)
        : base(parameters)
    {
        _g = geometry;
        _n = parameters.SlotCount;
        int row = parameters.RowSize;
        _period = Math.Min((int)BitOperations.RoundUpToPowerOf2((uint)geometry.Inputs), row);
        _chunks = (geometry.Inputs + _period - 1) / _period;
        _blocks = _n / _period;
        int perBlock = (geometry.Outputs + _blocks - 1) / _blocks;
        _k = Math.Min(_period, (int)BitOperations.RoundUpToPowerOf2((uint)perBlock));
        _groups = (geometry.Outputs + _blocks * _k - 1) / (_blocks * _k);

        _taps = Enumerable.Range(0, _k).ToArray();
        (RotationCount, RotationSteps) = CountRotations();
    }

    public override int InputCount => _g.Inputs;

    public override int OutputCount => _g.Outputs;

    public override int WeightCount => _g.WeightCount;

    public override int InputCiphertextCount => _chunks;

    public override int OutputCiphertextCount => _groups;

    public override int MultiplyPlainCount => _groups * _chunks * _k;

    public override int RotationCount { get; }

    public override ImmutableArray<int> RotationSteps { get; }

    private protected override int[] TapOffsets => _taps;

    private protected override int SumCount => _period / _k;

    private protected override int SumStride => _k;

    internal override void PackInput(ReadOnlySpan<ulong> input, int index, Span<ulong> slots)
    {
        int start = index * _period;
        for (int s = 0; s < _n; s++)
        {
            int i = start + (s & (_period - 1));
            slots[s] = i < _g.Inputs ? input[i] : 0;
        }
    }

    internal override int[] OutputPositions()
    {
        var positions = new int[_g.Outputs];
        int perGroup = _blocks * _k;
        for (int o = 0; o < positions.Length; o++)
        {
            int group = o / perGroup, local = o % perGroup;
            positions[o] = group * _n + local / _k * _period + local % _k;
        }
        return positions;
    }

    // diagonal[s] = M[o(s), c·n' + (j + k) mod n'] with j = s mod n', o(s) = group·T·K + (j mod K) + K·(s / n').
    private protected override void FillTap(ReadOnlySpan<ulong> weights, int group, int chunk, int k, Span<ulong> diagonal)
    {
        int mask = _period - 1;
        int firstOutput = group * _blocks * _k;
        for (int s = 0; s < _n; s++)
        {
            int j = s & mask;
            int o = firstOutput + (j % _k) + _k * (s / _period);
            int i = chunk * _period + ((j + k) & mask);
            diagonal[s] = o < _g.Outputs && i < _g.Inputs ? weights[o * _g.Inputs + i] : 0;
        }
    }
}

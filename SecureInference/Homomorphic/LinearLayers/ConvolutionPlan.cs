using System.Collections.Immutable;

namespace PiToolkit.SecureInference.Homomorphic.LinearLayers;

/// <summary>
/// 2-D convolution in a Gazelle-style input-rotation packing (Juvekar et al. 2018, §5.3), adapted
/// to SEAL's two-row slot layout:
/// <list type="bullet">
/// <item>Each input channel is stored zero-padded, row-major, in a region of S = H'·W' slots. A row
/// of N/2 slots holds G = ⌊N/2 / S⌋ regions; a group of Cg = min(C, G) channels fills a "lane"
/// and the lane is replicated R = ⌊G/Cg⌋ times per row, in both rows (2R lanes per ciphertext).
/// Larger inputs use ⌈C/Cg⌉ ciphertexts.</item>
/// <item>For a kernel offset (dy, dx) the input value needed by output position (y, x) sits
/// δ = dy·W' + dx slots later in the same region, so one left rotation by δ serves every channel,
/// lane and output position at once; the window never leaves its region, so no mask is needed.</item>
/// <item>Each lane computes a different output channel: the plaintext for (dy, dx) holds
/// w[o_lane, c, dy, dx] at the output positions of region (lane, c). After summing over offsets,
/// the per-channel partial sums of a lane are added with O(log Cg) rotations by multiples of S.</item>
/// <item>Stride s only changes which positions carry weights (y = s·y_o, x = s·x_o); the output is
/// read at those slots.</item>
/// </list>
/// Cost per output ciphertext: kh·kw multiply_plains per input ciphertext; rotations kh·kw − 1 per
/// input ciphertext (shared by all output ciphertexts) plus O(log Cg). LeNet-5's first layer
/// (1×28×28 → 6, 5×5) at N = 8192: 1 ciphertext each way, 25 multiply_plains, 24 rotations.
/// </summary>
internal sealed class ConvolutionPlan : LinearLayerPlan
{
    private readonly ConvolutionGeometry _g;
    private readonly int _n, _row, _region, _channelsPerLane, _lanesPerRow, _inputCts, _outputCts;
    private readonly int[] _offsets;   // δ for each (dy, dx), row-major

    public ConvolutionPlan(ConvolutionGeometry geometry, EncryptionParameters parameters)
        : base(parameters)
    {
        _g = geometry;
        _n = parameters.SlotCount;
        _row = parameters.RowSize;
        _region = geometry.PaddedHeight * geometry.PaddedWidth;
        int regionsPerRow = _row / _region;
        if (regionsPerRow < 1)
            throw new ArgumentException(
                $"A padded channel of {geometry.PaddedHeight}×{geometry.PaddedWidth} = {_region} slots does not fit in a row of {_row} slots; "
                + "use a larger N or tile the input spatially.", nameof(geometry));
        _channelsPerLane = Math.Min(geometry.InputChannels, regionsPerRow);
        _lanesPerRow = regionsPerRow / _channelsPerLane;
        _inputCts = (geometry.InputChannels + _channelsPerLane - 1) / _channelsPerLane;
        _outputCts = (geometry.OutputChannels + 2 * _lanesPerRow - 1) / (2 * _lanesPerRow);
        _offsets = new int[geometry.KernelHeight * geometry.KernelWidth];
        for (int dy = 0; dy < geometry.KernelHeight; dy++)
            for (int dx = 0; dx < geometry.KernelWidth; dx++)
                _offsets[dy * geometry.KernelWidth + dx] = dy * geometry.PaddedWidth + dx;

        (RotationCount, RotationSteps) = CountRotations();
    }

    public override int InputCount => _g.InputCount;

    public override int OutputCount => _g.OutputCount;

    public override int WeightCount => _g.WeightCount;

    public override int InputCiphertextCount => _inputCts;

    public override int OutputCiphertextCount => _outputCts;

    public override int MultiplyPlainCount => _outputCts * _inputCts * _offsets.Length;

    public override int RotationCount { get; }

    public override ImmutableArray<int> RotationSteps { get; }

    private protected override int[] TapOffsets => _offsets;

    private protected override int SumCount => _channelsPerLane;

    private protected override int SumStride => _region;

    private int LaneCount => 2 * _lanesPerRow;

    private int RegionStart(int lane, int channelInLane) =>
        lane / _lanesPerRow * _row + (lane % _lanesPerRow * _channelsPerLane + channelInLane) * _region;

    internal override void PackInput(ReadOnlySpan<ulong> input, int index, Span<ulong> slots)
    {
        slots.Clear();
        int h = _g.InputHeight, w = _g.InputWidth, p = _g.Padding, wp = _g.PaddedWidth;
        for (int lane = 0; lane < LaneCount; lane++)
        {
            for (int cl = 0; cl < _channelsPerLane; cl++)
            {
                int c = index * _channelsPerLane + cl;
                if (c >= _g.InputChannels)
                    break;
                int start = RegionStart(lane, cl);
                for (int y = 0; y < h; y++)
                    input.Slice((c * h + y) * w, w).CopyTo(slots.Slice(start + (y + p) * wp + p, w));
            }
        }
    }

    internal override int[] OutputPositions()
    {
        int ho = _g.OutputHeight, wo = _g.OutputWidth, s = _g.Stride, wp = _g.PaddedWidth;
        var positions = new int[_g.OutputCount];
        for (int o = 0; o < _g.OutputChannels; o++)
        {
            int start = o / LaneCount * _n + RegionStart(o % LaneCount, 0);
            for (int y = 0; y < ho; y++)
                for (int x = 0; x < wo; x++)
                    positions[(o * ho + y) * wo + x] = start + s * y * wp + s * x;
        }
        return positions;
    }

    // plain[region(lane, cl) + s·y·W' + s·x] = w[o_lane, c, dy, dx] for every output position (y, x).
    private protected override void FillTap(ReadOnlySpan<ulong> weights, int outputCt, int inputCt, int tap, Span<ulong> plain)
    {
        plain.Clear();
        int kh = _g.KernelHeight, kw = _g.KernelWidth, c0 = _g.InputChannels;
        int ho = _g.OutputHeight, wo = _g.OutputWidth, s = _g.Stride, wp = _g.PaddedWidth;
        int dy = tap / kw, dx = tap % kw;
        for (int lane = 0; lane < LaneCount; lane++)
        {
            int o = outputCt * LaneCount + lane;
            if (o >= _g.OutputChannels)
                break;
            for (int cl = 0; cl < _channelsPerLane; cl++)
            {
                int c = inputCt * _channelsPerLane + cl;
                if (c >= c0)
                    break;
                ulong w = weights[((o * c0 + c) * kh + dy) * kw + dx];
                if (w == 0)
                    continue;
                int start = RegionStart(lane, cl);
                for (int y = 0; y < ho; y++)
                    for (int x = 0; x < wo; x++)
                        plain[start + s * y * wp + s * x] = w;
            }
        }
    }
}

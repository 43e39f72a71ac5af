namespace PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;

/// <summary>
/// A linear layer in coefficient encoding (Cheetah: Huang, Lu, Hong, Ding, USENIX Security 2022):
/// tensors are polynomial coefficients, a convolution or matrix–vector product is one polynomial
/// product per block, and no rotation (hence no Galois key) is needed.
/// </summary>
/// <remarks>
/// <para>Input polynomial of block (cb, tile): coefficient c·Hn·Wn + i·Wn + j holds
/// x[cb·Cn + c, tile row + i, tile column + j] (padded coordinates; padding is zero, which the client
/// knows). Kernel polynomial of block (cb, mb): coefficient k·A + O − c·Hn·Wn − l·Wn − l′ holds
/// w[mb·Mn + k, cb·Cn + c, l, l′], with A = Cn·Hn·Wn and O = (Cn − 1)·Hn·Wn + (kh − 1)·Wn + (kw − 1).
/// In the product, coefficient k·A + O + i·Wn + j is then exactly the stride-1 output
/// (k, i, j) of the tile: the indices of other terms differ by a non-zero combination of Wn, Hn·Wn
/// and A that stays inside one period, and terms past N wrap (negated) below O because Mn·A ≤ N.
/// The products of the input-channel blocks are summed into one output ciphertext per
/// (output block, tile). Strided outputs are the stride-1 outputs at multiples of the stride.</para>
/// <para>A fully connected layer is the 1×1 convolution of a 1×1 image with Inputs channels, so the
/// row-major matrix is the kernel tensor unchanged (Cheetah's HomFC is the same construction).</para>
/// <para>Average (sum) pooling is folded into the preceding convolution beforehand
/// (<see cref="AffineFolding.FoldSumPooling"/>): it is again a convolution.</para>
/// </remarks>
public sealed class CoefficientLinearPlan
{
    private readonly int _c, _h, _w, _m, _kh, _kw, _stride, _pad;
    private readonly int _tilesY, _tilesX, _stepY, _stepX, _inBlocks, _outBlocks, _origin;

    private CoefficientLinearPlan(EncryptionParameters parameters, ConvolutionGeometry geometry, CoefficientBlocking blocking)
    {
        Parameters = parameters;
        Geometry = geometry;
        Blocking = blocking;
        _c = geometry.InputChannels;
        _h = geometry.InputHeight;
        _w = geometry.InputWidth;
        _m = geometry.OutputChannels;
        _kh = geometry.KernelHeight;
        _kw = geometry.KernelWidth;
        _stride = geometry.Stride;
        _pad = geometry.Padding;
        _stepY = blocking.TileHeight - _kh + 1;
        _stepX = blocking.TileWidth - _kw + 1;
        _tilesY = CeilDiv(geometry.PaddedHeight - _kh + 1, _stepY);
        _tilesX = CeilDiv(geometry.PaddedWidth - _kw + 1, _stepX);
        _inBlocks = CeilDiv(_c, blocking.Channels);
        _outBlocks = CeilDiv(_m, blocking.OutputChannels);
        _origin = (blocking.Channels - 1) * blocking.TileHeight * blocking.TileWidth + (_kh - 1) * blocking.TileWidth + (_kw - 1);
    }

    /// <summary>The encryption parameters (N and the plaintext field).</summary>
    public EncryptionParameters Parameters { get; }

    /// <summary>The layer as a convolution (a fully connected layer is a 1×1 convolution of a 1×1 image).</summary>
    public ConvolutionGeometry Geometry { get; }

    /// <summary>The chosen blocking.</summary>
    public CoefficientBlocking Blocking { get; }

    /// <summary>Input values (the client's mask r).</summary>
    public int InputCount => Geometry.InputCount;

    /// <summary>Output values (the share M·r − s).</summary>
    public int OutputCount => Geometry.OutputCount;

    /// <summary>Weights, laid out as [output channel, input channel, kernel row, kernel column] (FC: [output, input]).</summary>
    public int WeightCount => Geometry.WeightCount;

    /// <summary>Spatial tiles per channel block.</summary>
    public int TileCount => _tilesY * _tilesX;

    /// <summary>Input-channel blocks.</summary>
    public int InputBlockCount => _inBlocks;

    /// <summary>Output-channel blocks.</summary>
    public int OutputBlockCount => _outBlocks;

    /// <summary>Ciphertexts the client sends: one per (input-channel block, tile).</summary>
    public int InputCiphertextCount => _inBlocks * TileCount;

    /// <summary>Ciphertexts the server returns: one per (output-channel block, tile).</summary>
    public int OutputCiphertextCount => _outBlocks * TileCount;

    /// <summary>Polynomial products (multiply_plain) the server computes.</summary>
    public int MultiplyPlainCount => _inBlocks * _outBlocks * TileCount;

    /// <summary>Kernel polynomials (one per input block × output block), shared by all tiles.</summary>
    public int KernelPolynomialCount => _inBlocks * _outBlocks;

    /// <summary>Plans a convolution, choosing the blocking that minimises <paramref name="costs"/>' estimate.</summary>
    /// <param name="geometry">The convolution (stride and zero padding included).</param>
    /// <param name="parameters">Encryption parameters.</param>
    /// <param name="costs">Unit costs (default <see cref="CoefficientCosts.Default"/>).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The geometry is invalid, or one kernel (Cn = Mn = 1, one tile row of kernel size) does not fit N.</exception>
    public static CoefficientLinearPlan ForConvolution(ConvolutionGeometry geometry, EncryptionParameters parameters, CoefficientCosts? costs = null)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(parameters);
        geometry.Validate();
        return new(parameters, geometry, ChooseBlocking(geometry, parameters.PolyModulusDegree, costs ?? CoefficientCosts.Default));
    }

    /// <summary>Plans a fully connected layer (y = W·x, W row-major [output, input]).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The geometry is invalid.</exception>
    public static CoefficientLinearPlan ForFullyConnected(FullyConnectedGeometry geometry, EncryptionParameters parameters, CoefficientCosts? costs = null)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        geometry.Validate();
        return ForConvolution(new ConvolutionGeometry(geometry.Inputs, 1, 1, geometry.Outputs, 1, 1), parameters, costs);
    }

    /// <summary>Plans with a given blocking (tests and experiments).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The geometry is invalid or the blocking does not fit N or the layer.</exception>
    public static CoefficientLinearPlan WithBlocking(ConvolutionGeometry geometry, EncryptionParameters parameters, CoefficientBlocking blocking)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(blocking);
        geometry.Validate();
        if (blocking.Channels < 1 || blocking.Channels > geometry.InputChannels
            || blocking.OutputChannels < 1 || blocking.OutputChannels > geometry.OutputChannels
            || blocking.TileHeight < geometry.KernelHeight || blocking.TileHeight > geometry.PaddedHeight
            || blocking.TileWidth < geometry.KernelWidth || blocking.TileWidth > geometry.PaddedWidth
            || (long)blocking.OutputChannels * blocking.Span > parameters.PolyModulusDegree)
            throw new ArgumentException($"Blocking {blocking} does not fit {geometry} at N = {parameters.PolyModulusDegree}.", nameof(blocking));
        return new(parameters, geometry, blocking);
    }

    /// <summary>
    /// The blocking with the smallest estimated cost: every (Hn, Wn, Cn) with the largest Mn that keeps
    /// Mn·Cn·Hn·Wn ≤ N (more output channels per product never costs more). Ties go to fewer products.
    /// </summary>
    internal static CoefficientBlocking ChooseBlocking(ConvolutionGeometry g, int n, CoefficientCosts costs)
    {
        CoefficientBlocking? best = null;
        double bestCost = double.PositiveInfinity;
        int bestProducts = int.MaxValue;
        int hs = g.PaddedHeight - g.KernelHeight + 1, ws = g.PaddedWidth - g.KernelWidth + 1;
        for (int hn = g.KernelHeight; hn <= g.PaddedHeight; hn++)
        {
            int tilesY = CeilDiv(hs, hn - g.KernelHeight + 1);
            // A taller tile with the same tile count only wastes coefficients.
            if (hn > g.KernelHeight && CeilDiv(hs, hn - g.KernelHeight) == tilesY)
                continue;
            for (int wn = g.KernelWidth; wn <= g.PaddedWidth && (long)hn * wn <= n; wn++)
            {
                int tilesX = CeilDiv(ws, wn - g.KernelWidth + 1);
                if (wn > g.KernelWidth && CeilDiv(ws, wn - g.KernelWidth) == tilesX)
                    continue;
                int tiles = tilesY * tilesX;
                for (int cn = 1; cn <= g.InputChannels && (long)cn * hn * wn <= n; cn++)
                {
                    int inBlocks = CeilDiv(g.InputChannels, cn);
                    // Balanced blocks: the same block count with fewer channels per block wastes nothing.
                    if (cn > 1 && CeilDiv(g.InputChannels, cn - 1) == inBlocks)
                        continue;
                    int mn = Math.Min(g.OutputChannels, n / (cn * hn * wn));
                    int outBlocks = CeilDiv(g.OutputChannels, mn);
                    int products = inBlocks * outBlocks * tiles;
                    double cost = costs.Estimate(inBlocks * tiles, products, outBlocks * tiles);
                    if (cost < bestCost || (cost == bestCost && products < bestProducts))
                    {
                        bestCost = cost;
                        bestProducts = products;
                        best = new CoefficientBlocking(cn, CeilDiv(g.OutputChannels, outBlocks), hn, wn);
                    }
                }
            }
        }
        return best ?? throw new ArgumentException(
            $"A {g.KernelHeight}×{g.KernelWidth} kernel row does not fit N = {n} for {g}.", "geometry");
    }

    /// <summary>Writes input polynomial <paramref name="index"/> (block cb = index / tiles) into <paramref name="coefficients"/> (length N, cleared here).</summary>
    internal void PackInput(ReadOnlySpan<ulong> input, int index, Span<ulong> coefficients)
    {
        coefficients.Clear();
        int cb = index / TileCount, tile = index % TileCount;
        int y0 = tile / _tilesX * _stepY, x0 = tile % _tilesX * _stepX;
        int hn = Blocking.TileHeight, wn = Blocking.TileWidth;
        for (int c = 0; c < Blocking.Channels; c++)
        {
            int channel = cb * Blocking.Channels + c;
            if (channel >= _c)
                break;
            for (int i = 0; i < hn; i++)
            {
                int iy = y0 + i - _pad;
                if (iy < 0 || iy >= _h)
                    continue;
                for (int j = 0; j < wn; j++)
                {
                    int ix = x0 + j - _pad;
                    if (ix < 0 || ix >= _w)
                        continue;
                    coefficients[(c * hn + i) * wn + j] = input[(channel * _h + iy) * _w + ix];
                }
            }
        }
    }

    /// <summary>Writes kernel polynomial (cb, mb) into <paramref name="coefficients"/> (length N, cleared here). False when it is all zero.</summary>
    internal bool PackKernel(ReadOnlySpan<ulong> weights, int cb, int mb, Span<ulong> coefficients)
    {
        coefficients.Clear();
        bool any = false;
        int hn = Blocking.TileHeight, wn = Blocking.TileWidth, span = Blocking.Span;
        for (int k = 0; k < Blocking.OutputChannels; k++)
        {
            int o = mb * Blocking.OutputChannels + k;
            if (o >= _m)
                break;
            for (int c = 0; c < Blocking.Channels; c++)
            {
                int channel = cb * Blocking.Channels + c;
                if (channel >= _c)
                    break;
                for (int l = 0; l < _kh; l++)
                    for (int l2 = 0; l2 < _kw; l2++)
                    {
                        ulong w = weights[((o * _c + channel) * _kh + l) * _kw + l2];
                        coefficients[k * span + _origin - c * hn * wn - l * wn - l2] = w;
                        any |= w != 0;
                    }
            }
        }
        return any;
    }

    /// <summary>Index of the input ciphertext for (input block, tile).</summary>
    internal int InputIndex(int cb, int tile) => cb * TileCount + tile;

    /// <summary>
    /// For output ciphertext <paramref name="index"/> (mb = index / tiles): pairs of (coefficient,
    /// output index) for every output it carries; every other coefficient is masked.
    /// </summary>
    internal List<(int Coefficient, int Output)> OutputPositions(int index)
    {
        var positions = new List<(int, int)>();
        int mb = index / TileCount, tile = index % TileCount;
        int y0 = tile / _tilesX * _stepY, x0 = tile % _tilesX * _stepX;
        int hs = Geometry.PaddedHeight - _kh + 1, ws = Geometry.PaddedWidth - _kw + 1;
        int oh = Geometry.OutputHeight, ow = Geometry.OutputWidth, wn = Blocking.TileWidth, span = Blocking.Span;
        for (int k = 0; k < Blocking.OutputChannels; k++)
        {
            int o = mb * Blocking.OutputChannels + k;
            if (o >= _m)
                break;
            for (int i = 0; i < _stepY; i++)
            {
                int y = y0 + i;
                if (y >= hs || y % _stride != 0)
                    continue;
                for (int j = 0; j < _stepX; j++)
                {
                    int x = x0 + j;
                    if (x >= ws || x % _stride != 0)
                        continue;
                    positions.Add((k * span + _origin + i * wn + j, (o * oh + y / _stride) * ow + x / _stride));
                }
            }
        }
        return positions;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"coefficient {Geometry.InputChannels}x{Geometry.InputHeight}x{Geometry.InputWidth}->{Geometry.OutputChannels} "
        + $"k{Geometry.KernelHeight}x{Geometry.KernelWidth} s{Geometry.Stride} p{Geometry.Padding}: Cn={Blocking.Channels} Mn={Blocking.OutputChannels} tile {Blocking.TileHeight}×{Blocking.TileWidth}, "
        + $"{InputCiphertextCount} in / {OutputCiphertextCount} out / {MultiplyPlainCount} products";

    private static int CeilDiv(int a, int b) => (a + b - 1) / b;
}

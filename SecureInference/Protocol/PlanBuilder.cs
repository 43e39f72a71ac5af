using System.Collections.Immutable;
using PiToolkit.SecureInference.Arithmetic;
using PiToolkit.SecureInference.Homomorphic.LinearLayers;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// Compiles a network, layer by layer, into an <see cref="InferencePlan"/> plus the server's
/// quantized <see cref="ModelWeights"/>. Values are numbered as they are created (0 = input).
/// </summary>
/// <remarks>
/// <para><b>Fixed point.</b> Every value carries a scale e (the field element X stands for
/// X / 2^e). Inputs and weights have e = f. A linear layer adds f (its bias is quantized at the
/// output scale and added by the server in the clear); sum pooling adds 2·log2 k (k a power of
/// two) or f (otherwise, multiplying by round(2^f/k²)); a residual add lifts the lower operand.</para>
/// <para><b>Truncation</b> happens where it is cheapest and exact when possible: a ReLU site brings its
/// input back to scale f, exactly inside the garbled circuit for kept positions and by local share
/// truncation at identity positions; a linear layer whose input is at scale ≥ 2f (no site since the
/// previous linear layer) gets a local <see cref="TruncateStep"/> first. Local truncation is off by
/// at most one unit and wraps around with probability about |x|/p (see <see cref="HeadroomReport"/>).</para>
/// <para><b>Offline shares.</b> The garbled ReLU's OTs run offline on the client's share, so a site's
/// input must be something the client knows before the input: a linear layer's output (M·r − s) or
/// a <see cref="ReshareStep"/>, which the builder inserts where needed (residual adds).</para>
/// </remarks>
public sealed class PlanBuilder
{
    private readonly CompileOptions _options;
    private readonly PrimeField _field;
    private readonly FixedPoint _fixedPoint;
    private readonly int _f;
    private readonly ImmutableArray<int> _inputShape;
    private readonly List<PlanStep> _steps = [];
    private readonly List<int[]> _shapes = [];
    private readonly List<bool> _offlineKnown = [];
    private readonly Dictionary<int, (ulong[] Weights, ulong[] Bias)> _weights = [];

    /// <summary>Starts a model with the given input shape (C×H×W or a vector length).</summary>
    /// <exception cref="ArgumentException">The shape is empty or has a non-positive dimension, or the options are invalid.</exception>
    public PlanBuilder(IReadOnlyList<int> inputShape, CompileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Count == 0 || inputShape.Any(d => d < 1))
            throw new ArgumentException("The input shape must have positive dimensions.", nameof(inputShape));
        _options = options ?? new CompileOptions();
        _field = _options.Field ?? throw new ArgumentException("No field given.", nameof(options));
        _f = _options.FractionalBits;
        if (_f < 1 || !_field.SupportsTruncation(_f))
            throw new ArgumentException($"Fractional bits must be at least 1 and 2^f must divide p − 1 (f = {_f}, {_field}).", nameof(options));
        try
        {
            _fixedPoint = new FixedPoint(_field, _f);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentException(e.Message, nameof(options), e);
        }
        if (!(_options.InputBound > 0) || !double.IsFinite(_options.InputBound))
            throw new ArgumentException("The input bound must be positive and finite.", nameof(options));
        _inputShape = [.. inputShape];
        _shapes.Add([.. inputShape]);
        _offlineKnown.Add(false); // The input arrives online.
    }

    /// <summary>The graph input's value number.</summary>
    public static int Input => 0;

    /// <summary>The shape of a value.</summary>
    public IReadOnlyList<int> Shape(int value) => _shapes[CheckValue(value)];

    /// <summary>A 2-D convolution (square kernel, weights [O, C, k, k], one bias per output channel; batch norm already folded).</summary>
    /// <exception cref="ModelCompilationException">The input is not C×H×W, the sizes do not match, or a weight does not fit the field.</exception>
    public int Convolution(string name, int input, int outputChannels, int kernel, int stride, int padding,
        ReadOnlySpan<float> weights, ReadOnlySpan<float> bias)
    {
        int[] shape = _shapes[CheckValue(input)];
        if (shape.Length != 3)
            throw new ModelCompilationException(name, $"a convolution needs a C×H×W input, got [{string.Join(", ", shape)}].");
        var geometry = new ConvolutionGeometry(shape[0], shape[1], shape[2], outputChannels, kernel, kernel, stride, padding);
        try
        {
            geometry.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ModelCompilationException(name, e.Message);
        }
        if (weights.Length != geometry.WeightCount || bias.Length != outputChannels)
            throw new ModelCompilationException(name, $"expected {geometry.WeightCount} weights and {outputChannels} biases, got {weights.Length} and {bias.Length}.");
        input = RescaleForLinear(name, input);
        int scale = Scale(input) + _f;
        int perChannel = geometry.OutputHeight * geometry.OutputWidth;
        var quantizedBias = new ulong[geometry.OutputCount];
        for (int i = 0; i < quantizedBias.Length; i++)
            quantizedBias[i] = Quantize(name, bias[i / perChannel], scale);
        var step = new LinearStep(_steps.Count, name, input, Scale(input), geometry, null, scale);
        _weights[step.Index] = (QuantizeAll(name, weights, _f), quantizedBias);
        return Add(step, [outputChannels, geometry.OutputHeight, geometry.OutputWidth], offlineKnown: true);
    }

    /// <summary>A fully connected layer (weights [outputs, inputs], the input flattened).</summary>
    /// <exception cref="ModelCompilationException">The sizes do not match, or a weight does not fit the field.</exception>
    public int FullyConnected(string name, int input, int outputs, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias)
    {
        int inputs = _shapes[CheckValue(input)].Aggregate(1, (a, b) => a * b);
        var geometry = new FullyConnectedGeometry(inputs, outputs);
        if (outputs < 1 || weights.Length != geometry.WeightCount || bias.Length != outputs)
            throw new ModelCompilationException(name, $"expected {geometry.WeightCount} weights and {outputs} biases, got {weights.Length} and {bias.Length}.");
        input = RescaleForLinear(name, input);
        int scale = Scale(input) + _f;
        var quantizedBias = new ulong[outputs];
        for (int i = 0; i < outputs; i++)
            quantizedBias[i] = Quantize(name, bias[i], scale);
        var step = new LinearStep(_steps.Count, name, input, Scale(input), null, geometry, scale);
        _weights[step.Index] = (QuantizeAll(name, weights, _f), quantizedBias);
        return Add(step, [outputs], offlineKnown: true);
    }

    /// <summary>
    /// A ReLU site. <paramref name="kept"/> has one flag per position (true: ReLU, false: identity);
    /// empty means every position is kept. All false is a fully linearized site: no circuit.
    /// </summary>
    /// <exception cref="ModelCompilationException">The mask has the wrong length, or the circuit cannot truncate by the needed bits at this p.</exception>
    public int Relu(string name, int input, ReadOnlySpan<bool> kept = default)
    {
        int length = Length(CheckValue(input));
        if (!kept.IsEmpty && kept.Length != length)
            throw new ModelCompilationException(name, $"the mask has {kept.Length} flags; the site has {length} positions.");
        bool[] mask = kept.IsEmpty ? Enumerable.Repeat(true, length).ToArray() : kept.ToArray();
        int t = Scale(input) - _f;
        if (mask.Any(m => m))
        {
            if (!_field.SupportsTruncation(t))
                throw new ModelCompilationException(name, $"the ReLU circuit truncates exactly only when 2^{t} divides p − 1; lower f or pool less before this site.");
            if (!_offlineKnown[input])
                input = Add(new ReshareStep(_steps.Count, name + ".reshare", input, length, Scale(input)), _shapes[input], offlineKnown: true);
        }
        var step = new ReluStep(_steps.Count, name, input, length, t, _f, mask);
        return Add(step, _shapes[input], offlineKnown: !mask.Any(m => m) && _offlineKnown[input]);
    }

    /// <summary>Average pooling with a square window and stride equal to it (no padding), as local sum pooling.</summary>
    /// <exception cref="ModelCompilationException">The input is not C×H×W or the window does not fit.</exception>
    public int AveragePool(string name, int input, int kernel)
    {
        int[] shape = _shapes[CheckValue(input)];
        if (shape.Length != 3 || kernel < 1 || kernel > shape[1] || kernel > shape[2])
            throw new ModelCompilationException(name, $"average pooling with a {kernel}×{kernel} window needs a C×H×W input at least that large.");
        int scale = Scale(input);
        ulong multiplier;
        if (int.IsPow2(kernel))
        {
            multiplier = 1;
            scale += 2 * int.Log2(kernel);
        }
        else
        {
            multiplier = (ulong)Math.Round(Math.Pow(2, _f) / (kernel * kernel));
            scale += _f;
        }
        var step = new SumPoolStep(_steps.Count, name, input, shape[0], shape[1], shape[2], kernel, multiplier, scale);
        return Add(step, [shape[0], shape[1] / kernel, shape[2] / kernel], _offlineKnown[input]);
    }

    /// <summary>Max pooling is not supported by the protocol: always throws, naming the layer.</summary>
    /// <exception cref="ModelCompilationException">Always.</exception>
    public int MaxPool(string name, int input, int kernel) =>
        throw new ModelCompilationException(name,
            $"max pooling ({kernel}×{kernel}) is not supported by the secure-inference protocol; export the model with --pooling avg.");

    /// <summary>Residual add of two values of the same length.</summary>
    /// <exception cref="ModelCompilationException">The lengths differ.</exception>
    public int Add(string name, int left, int right)
    {
        int length = Length(CheckValue(left));
        if (Length(CheckValue(right)) != length)
            throw new ModelCompilationException(name, $"cannot add values of {length} and {Length(right)} elements.");
        int scale = Math.Max(Scale(left), Scale(right));
        var step = new AddStep(_steps.Count, name, left, right, length, scale - Scale(left), scale - Scale(right), scale);
        return Add(step, _shapes[left], _offlineKnown[left] && _offlineKnown[right]);
    }

    /// <summary>Compiles: checks headroom and returns the plan and the server's weights.</summary>
    /// <exception cref="ModelCompilationException">Some value can reach p/2 in magnitude (the message names the layer and the margin).</exception>
    public CompiledModel Build()
    {
        var plan = BuildPlan();
        var weights = new ModelWeights(_weights.ToImmutableDictionary());
        return new CompiledModel(plan, weights, _options.Calibration is { } samples
            ? Headroom.Calibrate(plan, weights, samples, _options.CalibrationMarginBits)
            : Headroom.Check(plan, weights, _options.InputBound));
    }

    /// <summary>The public plan only, with no headroom check (see <see cref="PlanCompiler.Plan"/>).</summary>
    public InferencePlan BuildPlan() => new(_field, _f, _inputShape, [.. _steps]);

    private int RescaleForLinear(string name, int input)
    {
        int scale = Scale(input);
        if (scale < 2 * _f)
            return input;
        return Add(new TruncateStep(_steps.Count, name + ".truncate", input, Length(input), scale - _f, _f), _shapes[input], _offlineKnown[input]);
    }

    private int Add(PlanStep step, int[] shape, bool offlineKnown)
    {
        _steps.Add(step);
        _shapes.Add(shape);
        _offlineKnown.Add(offlineKnown);
        return step.Output;
    }

    private int CheckValue(int value)
    {
        if (value < 0 || value >= _shapes.Count)
            throw new ArgumentOutOfRangeException(nameof(value), value, $"There are {_shapes.Count} values so far.");
        return value;
    }

    private int Scale(int value) => value == 0 ? _f : _steps[value - 1].OutputScale;

    private int Length(int value) => _shapes[value].Aggregate(1, (a, b) => a * b);

    private ulong[] QuantizeAll(string name, ReadOnlySpan<float> values, int scale)
    {
        var result = new ulong[values.Length];
        for (int i = 0; i < values.Length; i++)
            result[i] = Quantize(name, values[i], scale);
        return result;
    }

    // round(v·2^scale) through the field's quantizer (scale ≥ f: the extra bits scale v first).
    private ulong Quantize(string name, double value, int scale)
    {
        try
        {
            return _fixedPoint.Encode(Math.ScaleB(value, scale - _f));
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new ModelCompilationException(name, $"the parameter {value} does not fit the field at scale 2^{scale}.");
        }
    }
}

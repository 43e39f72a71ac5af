using System.Collections.Immutable;
using PiToolkit.SecureInference.Arithmetic;
using PiToolkit.SecureInference.Homomorphic;
using PiToolkit.SecureInference.Homomorphic.LinearLayers;
using PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// A convolution or fully connected layer (batch norm and any average pooling that directly follows
/// a convolution already folded in). Offline, the client's mask r goes through HE and the parties
/// end with shares of M·r; online the client sends x − r and the server adds M·(x − r) + b to its
/// share. Output scale = input scale + f (weights carry f fractional bits; the bias is quantized at
/// the output scale and added by the server in the clear).
/// </summary>
public sealed class LinearStep : PlanStep
{
    internal LinearStep(int index, string name, int input, int inputScale, ConvolutionGeometry? convolution,
        FullyConnectedGeometry? fullyConnected, int outputScale)
        : base(index, name, [input], convolution?.OutputCount ?? fullyConnected!.Outputs, outputScale)
    {
        Convolution = convolution;
        FullyConnected = fullyConnected;
        InputScale = inputScale;
    }

    /// <inheritdoc/>
    public override PlanStepKind Kind => PlanStepKind.Linear;

    /// <summary>The convolution's geometry, or null for a fully connected layer.</summary>
    public ConvolutionGeometry? Convolution { get; }

    /// <summary>The fully connected layer's geometry, or null for a convolution.</summary>
    public FullyConnectedGeometry? FullyConnected { get; }

    /// <summary>Scale of the input value.</summary>
    public int InputScale { get; }

    /// <summary>Length of the input vector.</summary>
    public int InputLength => Convolution?.InputCount ?? FullyConnected!.Inputs;

    /// <summary>Number of weights (the server's, not part of the plan).</summary>
    public int WeightCount => Convolution?.WeightCount ?? FullyConnected!.WeightCount;

    /// <summary>The HE packing of this layer for the given parameters.</summary>
    /// <exception cref="ArgumentException">The layer does not fit the parameters' slot layout.</exception>
    public LinearLayerPlan CreateLayerPlan(EncryptionParameters parameters) =>
        Convolution is not null
            ? LinearLayerPlan.ForConvolution(Convolution, parameters)
            : LinearLayerPlan.ForFullyConnected(FullyConnected!, parameters);

    /// <summary>
    /// The coefficient (Cheetah-style) HE packing of this layer; the blocking minimises
    /// <paramref name="costs"/>' estimate (default <see cref="CoefficientCosts.Default"/>, which is
    /// what the protocol uses on both sides).
    /// </summary>
    /// <exception cref="ArgumentException">One kernel does not fit N.</exception>
    public CoefficientLinearPlan CreateCoefficientPlan(EncryptionParameters parameters, CoefficientCosts? costs = null) =>
        Convolution is not null
            ? CoefficientLinearPlan.ForConvolution(Convolution, parameters, costs)
            : CoefficientLinearPlan.ForFullyConnected(FullyConnected!, parameters, costs);

    /// <summary>y = M·x mod p in the clear (no bias): the server's online product and the reference's.</summary>
    internal void Apply(ReadOnlySpan<ulong> weights, ReadOnlySpan<ulong> input, Span<ulong> output, PrimeField field)
    {
        if (Convolution is not null)
            ModularLinearAlgebra.Convolve(Convolution, weights, input, output, field);
        else
            ModularLinearAlgebra.MultiplyMatrixVector(FullyConnected!, weights, input, output, field);
    }

    /// <summary>The same map on magnitudes in floating point: Σ |w|·bound per output (headroom and error bounds).</summary>
    internal double[] ApplyMagnitudes(ReadOnlySpan<ulong> weights, ReadOnlySpan<double> input, PrimeField field)
    {
        var output = new double[OutputLength];
        if (Convolution is { } g)
        {
            int c0 = g.InputChannels, h = g.InputHeight, w = g.InputWidth, kh = g.KernelHeight, kw = g.KernelWidth;
            for (int o = 0; o < g.OutputChannels; o++)
                for (int y = 0; y < g.OutputHeight; y++)
                    for (int x = 0; x < g.OutputWidth; x++)
                    {
                        double sum = 0;
                        for (int c = 0; c < c0; c++)
                            for (int dy = 0; dy < kh; dy++)
                            {
                                int iy = y * g.Stride + dy - g.Padding;
                                if (iy < 0 || iy >= h)
                                    continue;
                                for (int dx = 0; dx < kw; dx++)
                                {
                                    int ix = x * g.Stride + dx - g.Padding;
                                    if (ix < 0 || ix >= w)
                                        continue;
                                    sum += Math.Abs((double)field.ToSigned(weights[((o * c0 + c) * kh + dy) * kw + dx]))
                                        * input[(c * h + iy) * w + ix];
                                }
                            }
                        output[(o * g.OutputHeight + y) * g.OutputWidth + x] = sum;
                    }
        }
        else
        {
            var f = FullyConnected!;
            for (int o = 0; o < f.Outputs; o++)
            {
                double sum = 0;
                for (int i = 0; i < f.Inputs; i++)
                    sum += Math.Abs((double)field.ToSigned(weights[o * f.Inputs + i])) * input[i];
                output[o] = sum;
            }
        }
        return output;
    }

    private protected override void WriteDetails(BinaryWriter writer)
    {
        writer.Write(InputScale);
        if (Convolution is { } g)
        {
            writer.Write("conv");
            foreach (int v in (int[])[g.InputChannels, g.InputHeight, g.InputWidth, g.OutputChannels, g.KernelHeight, g.KernelWidth, g.Stride, g.Padding])
                writer.Write(v);
        }
        else
        {
            writer.Write("fc");
            writer.Write(FullyConnected!.Inputs);
            writer.Write(FullyConnected.Outputs);
        }
    }
}

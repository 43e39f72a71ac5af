using System.Collections.Immutable;
using System.Numerics;
using PiToolkit.SecureInference.Arithmetic;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>The worst-case magnitude propagation behind <see cref="HeadroomReport"/>.</summary>
internal static class Headroom
{
    public static HeadroomReport Check(InferencePlan plan, ModelWeights weights, double inputBound)
    {
        var field = plan.Field;
        ulong p = field.Modulus;
        var fixedPoint = new FixedPoint(field, plan.FractionalBits);
        var bounds = new List<double[]> { Enumerable.Repeat(Math.Round(inputBound * Math.Pow(2, plan.FractionalBits)), plan.InputLength).ToArray() };
        var layers = ImmutableArray.CreateBuilder<FieldHeadroom>();
        double failure = 0;
        foreach (var step in plan.Steps)
        {
            double[] input = bounds[step.Inputs[0]];
            double[] output;
            switch (step)
            {
                case LinearStep linear:
                    output = linear.ApplyMagnitudes(weights.Weights(step.Index), input, field);
                    ReadOnlySpan<ulong> bias = weights.Bias(step.Index);
                    for (int i = 0; i < output.Length; i++)
                        output[i] += Math.Abs((double)field.ToSigned(bias[i]));
                    break;
                case ReluStep relu:
                    output = new double[input.Length];
                    for (int i = 0; i < input.Length; i++)
                    {
                        output[i] = Math.Floor(input[i] / Math.Pow(2, relu.TruncationBits)) + 1;
                        if (!relu.IsKept(i))
                            failure = Math.Max(failure, input[i] / p);
                    }
                    break;
                case TruncateStep truncate:
                    output = input.Select(b => Math.Floor(b / Math.Pow(2, truncate.Bits)) + 1).ToArray();
                    failure = Math.Max(failure, input.Max() / p);
                    break;
                case SumPoolStep pool:
                    output = pool.ApplyMagnitudes(input);
                    break;
                case AddStep add:
                    double[] right = bounds[step.Inputs[1]];
                    output = new double[input.Length];
                    for (int i = 0; i < output.Length; i++)
                        output[i] = input[i] * Math.Pow(2, add.LeftLift) + right[i] * Math.Pow(2, add.RightLift);
                    break;
                case ReshareStep:
                    output = input;
                    break;
                default:
                    throw new InvalidOperationException($"Unknown step {step.Kind}.");
            }
            double max = output.Length == 0 ? 0 : output.Max();
            var headroom = fixedPoint.Headroom(step.Name, new BigInteger(Math.Ceiling(max)));
            if (!headroom.Fits)
                throw new ModelCompilationException(step.Name,
                    $"values can reach 2^{Math.Log2(max):F1} in magnitude, above (p − 1)/2 = 2^{Math.Log2(field.Half):F1} (margin {headroom.MarginBits:F1} bits); "
                    + $"lower the fractional bits (now {plan.FractionalBits}), the input bound, or use a larger p.");
            layers.Add(headroom);
            bounds.Add(output);
        }
        double minimum = layers.Count == 0 ? double.PositiveInfinity : layers.Min(l => l.MarginBits);
        return new HeadroomReport(layers.ToImmutable(), minimum, failure);
    }
}

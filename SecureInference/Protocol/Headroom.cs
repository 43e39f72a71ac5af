using System.Collections.Immutable;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>The worst-case magnitude propagation behind <see cref="HeadroomReport"/>.</summary>
internal static class Headroom
{
    public static HeadroomReport Check(InferencePlan plan, ModelWeights weights, double inputBound)
    {
        ulong p = plan.Modulus;
        double half = (p - 1) / 2;
        var bounds = new List<double[]> { Enumerable.Repeat(Math.Round(inputBound * Math.Pow(2, plan.FractionalBits)), plan.InputLength).ToArray() };
        var layers = ImmutableArray.CreateBuilder<LayerHeadroom>();
        double failure = 0;
        foreach (var step in plan.Steps)
        {
            double[] input = bounds[step.Inputs[0]];
            double[] output;
            switch (step)
            {
                case LinearStep linear:
                    output = linear.ApplyMagnitudes(weights.Weights(step.Index), input, p);
                    ReadOnlySpan<long> bias = weights.Bias(step.Index);
                    for (int i = 0; i < output.Length; i++)
                        output[i] += Math.Abs((double)FieldMath.ToSigned((ulong)bias[i], p));
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
            double bits = Math.Log2(Math.Max(max, 1));
            double margin = Math.Log2(half) - bits;
            if (max >= half)
                throw new ModelCompilationException(step.Name,
                    $"values can reach 2^{bits:F1} in magnitude, above (p − 1)/2 = 2^{Math.Log2(half):F1} (margin {margin:F1} bits); "
                    + $"lower the fractional bits (now {plan.FractionalBits}), the input bound, or use a larger p.");
            layers.Add(new LayerHeadroom(step.Index, step.Name, bits, margin));
            bounds.Add(output);
        }
        double minimum = layers.Count == 0 ? Math.Log2(half) : layers.Min(l => l.MarginBits);
        return new HeadroomReport(layers.ToImmutable(), minimum, failure);
    }
}

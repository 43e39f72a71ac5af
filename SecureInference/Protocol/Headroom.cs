using System.Collections.Immutable;
using System.Numerics;
using PiToolkit.SecureInference.Arithmetic;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>The magnitudes behind <see cref="HeadroomReport"/>: worst-case propagation, or calibration on sample inputs.</summary>
internal static class Headroom
{
    public static HeadroomReport Check(InferencePlan plan, ModelWeights weights, double inputBound)
    {
        var field = plan.Field;
        ulong p = field.Modulus;
        var maxima = new List<double>();
        var bounds = new List<double[]> { Enumerable.Repeat(Math.Round(inputBound * Math.Pow(2, plan.FractionalBits)), plan.InputLength).ToArray() };
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
            maxima.Add(output.Length == 0 ? 0 : output.Max());
            bounds.Add(output);
        }
        return Report(plan, maxima, failure, "worst case",
            $"lower the fractional bits (now {plan.FractionalBits}), the input bound, or use a larger p; deep networks need calibrated headroom");
    }

    /// <summary>
    /// The largest magnitude each step reaches on <paramref name="samples"/> (run through the reference
    /// interpreter, which computes what the protocol does), times 2^<paramref name="marginBits"/>.
    /// A value that wrapped around p shows up as a magnitude near p/2 and fails the check with any
    /// margin of one bit or more.
    /// </summary>
    public static HeadroomReport Calibrate(InferencePlan plan, ModelWeights weights, IReadOnlyList<float[]> samples, int marginBits)
    {
        if (samples.Count == 0)
            throw new ArgumentException("Calibration needs at least one sample input.", nameof(samples));
        // A wrapped value is a uniform-looking residue, at most (p − 1)/2 like any other: only a margin
        // of at least one bit makes it fail the check (with high probability over a layer's values).
        ArgumentOutOfRangeException.ThrowIfLessThan(marginBits, 1);
        var field = plan.Field;
        double factor = Math.Pow(2, marginBits);
        var maxima = new double[plan.Steps.Length];
        double failure = 0;
        foreach (float[] sample in samples)
        {
            ReferenceInterpreter.Evaluate(plan, weights, plan.QuantizeInput(sample), (step, values) =>
            {
                double largest = values.Length == 0 ? 0 : values.Max(v => Math.Abs((double)field.ToSigned(v)));
                maxima[step.Index] = Math.Max(maxima[step.Index], largest * factor);
            });
        }
        // A local truncation sees the magnitude of its input: the output of the step before.
        foreach (var step in plan.Steps)
        {
            bool truncatesLocally = step is TruncateStep || step is ReluStep { IdentityPositions.Length: > 0 };
            if (truncatesLocally && step.Inputs[0] > 0)
                failure = Math.Max(failure, maxima[step.Inputs[0] - 1] / field.Modulus);
        }
        return Report(plan, maxima, failure, $"calibrated on {samples.Count} inputs ×2^{marginBits}",
            $"calibrated on {samples.Count} inputs with a ×2^{marginBits} margin; lower the fractional bits (now {plan.FractionalBits}) or the margin, or use a larger p");
    }

    private static HeadroomReport Report(InferencePlan plan, IReadOnlyList<double> maxima, double failure, string basis, string advice)
    {
        var field = plan.Field;
        var fixedPoint = new FixedPoint(field, plan.FractionalBits);
        var layers = ImmutableArray.CreateBuilder<FieldHeadroom>();
        for (int i = 0; i < plan.Steps.Length; i++)
        {
            string name = plan.Steps[i].Name;
            var headroom = fixedPoint.Headroom(name, new BigInteger(Math.Ceiling(maxima[i])));
            if (!headroom.Fits)
                throw new ModelCompilationException(name,
                    $"values can reach 2^{Math.Log2(maxima[i]):F1} in magnitude ({basis}), above (p − 1)/2 = 2^{Math.Log2(field.Half):F1} "
                    + $"(margin {headroom.MarginBits:F1} bits); {advice}.");
            layers.Add(headroom);
        }
        double minimum = layers.Count == 0 ? double.PositiveInfinity : layers.Min(l => l.MarginBits);
        return new HeadroomReport(layers.ToImmutable(), minimum, failure, basis);
    }
}

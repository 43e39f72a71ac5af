using PiToolkit.SecureInference.Arithmetic;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// Runs a compiled model in the clear, mod p, doing exactly what the protocol computes on the sum
/// of the shares: the same quantized weights, biases, sum pooling, lifts and truncations. Exact
/// truncation (inside the ReLU circuit) is ⌊x / 2^t⌋ here as there. Local truncation (identity
/// positions, truncation steps) is randomized in the protocol: it yields ⌊x / 2^t⌋ or one more; the
/// reference takes ⌊x / 2^t⌋ and propagates an error bound instead (through |W|, ReLU's 1-Lipschitz
/// property and later truncations), so a test can check the protocol's output lies within it.
/// </summary>
public static class ReferenceInterpreter
{
    /// <summary>Evaluates one quantized input (from <see cref="InferencePlan.QuantizeInput"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException">The input has the wrong length or a value is not below p.</exception>
    public static ReferenceResult Evaluate(CompiledModel model, ReadOnlySpan<ulong> input)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Evaluate(model.Plan, model.Weights, input, observe: null);
    }

    /// <summary>As <see cref="Evaluate(CompiledModel, ReadOnlySpan{ulong})"/>, showing <paramref name="observe"/> every step's output (calibration).</summary>
    internal static ReferenceResult Evaluate(InferencePlan plan, ModelWeights weights, ReadOnlySpan<ulong> input, Action<PlanStep, ulong[]>? observe)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(weights);
        var field = plan.Field;
        ulong p = field.Modulus;
        if (input.Length != plan.InputLength)
            throw new ArgumentException($"The input has {input.Length} values; the model takes {plan.InputLength}.", nameof(input));
        foreach (ulong v in input)
            if (v >= p)
                throw new ArgumentException("Every input value must be a residue below p.", nameof(input));

        var values = new List<ulong[]> { input.ToArray() };
        var errors = new List<double[]> { new double[input.Length] };
        foreach (var step in plan.Steps)
        {
            ulong[] x = values[step.Inputs[0]];
            double[] e = errors[step.Inputs[0]];
            ulong[] y;
            double[] ey;
            switch (step)
            {
                case LinearStep linear:
                    y = ApplyLinear(linear, weights, x, field);
                    ey = linear.ApplyMagnitudes(weights.Weights(step.Index), e, field);
                    break;
                case ReluStep relu:
                    y = new ulong[x.Length];
                    ey = new double[x.Length];
                    for (int i = 0; i < x.Length; i++)
                    {
                        long signed = field.ToSigned(x[i]);
                        y[i] = field.FromSigned((relu.IsKept(i) ? Math.Max(signed, 0) : signed) >> relu.TruncationBits);
                        ey[i] = TruncatedError(e[i], relu.TruncationBits) + (relu.IsKept(i) || relu.TruncationBits == 0 ? 0 : 1);
                    }
                    break;
                case TruncateStep truncate:
                    y = x.Select(v => LocalTruncation.Exact(v, truncate.Bits, field)).ToArray();
                    ey = e.Select(v => TruncatedError(v, truncate.Bits) + 1).ToArray();
                    break;
                case SumPoolStep pool:
                    y = pool.Apply(x, field);
                    ey = pool.ApplyMagnitudes(e);
                    break;
                case AddStep add:
                    y = add.Apply(x, values[step.Inputs[1]], field);
                    double[] er = errors[step.Inputs[1]];
                    ey = new double[y.Length];
                    for (int i = 0; i < ey.Length; i++)
                        ey[i] = e[i] * Math.Pow(2, add.LeftLift) + er[i] * Math.Pow(2, add.RightLift);
                    break;
                case ReshareStep:
                    y = x;
                    ey = e;
                    break;
                default:
                    throw new InvalidOperationException($"Unknown step {step.Kind}.");
            }
            observe?.Invoke(step, y);
            values.Add(y);
            errors.Add(ey);
        }
        ulong[] output = values[^1];
        return new ReferenceResult([.. output], [.. errors[^1]], [.. plan.DecodeOutput(output)]);
    }

    /// <summary>M·x + b mod p: what the two shares of a linear layer's output add up to.</summary>
    internal static ulong[] ApplyLinear(LinearStep step, ModelWeights weights, ReadOnlySpan<ulong> input, PrimeField field)
    {
        var y = new ulong[step.OutputLength];
        step.Apply(weights.Weights(step.Index), input, y, field);
        ReadOnlySpan<ulong> bias = weights.Bias(step.Index);
        for (int i = 0; i < y.Length; i++)
            y[i] = field.Add(y[i], bias[i]);
        return y;
    }

    // Values that differ by at most e differ by at most ⌊e / 2^t⌋ + 1 after flooring (0 if e = 0).
    private static double TruncatedError(double e, int bits) => e == 0 ? 0 : bits == 0 ? e : Math.Floor(e / Math.Pow(2, bits)) + 1;
}

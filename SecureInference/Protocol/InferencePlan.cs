using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using PiToolkit.SecureInference.Arithmetic;
using PiToolkit.SecureInference.Circuits;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// A model compiled for the two-party protocol: the public part both parties hold (steps, shapes,
/// kept ReLU positions, fixed-point scales, field). The server's weights live apart in
/// <see cref="ModelWeights"/>; the client never sees them.
/// </summary>
public sealed class InferencePlan
{
    private readonly ConcurrentDictionary<int, ShareCircuit> _circuits = new();
    private readonly FixedPoint _fixedPoint;

    internal InferencePlan(PrimeField field, int fractionalBits, ImmutableArray<int> inputShape, ImmutableArray<PlanStep> steps)
    {
        Field = field;
        _fixedPoint = new FixedPoint(field, fractionalBits);
        FractionalBits = fractionalBits;
        InputShape = inputShape;
        Steps = steps;
        InputLength = inputShape.Aggregate(1, (a, b) => a * b);
        CircuitTruncations = [.. steps.OfType<ReluStep>().Where(s => s.KeptPositions.Length > 0).Select(s => s.TruncationBits).Distinct().Order()];
        ReluCount = steps.OfType<ReluStep>().Sum(s => s.KeptPositions.Length);
        IdentityCount = steps.OfType<ReluStep>().Sum(s => s.IdentityPositions.Length);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write("PiToolkit inference plan v1");
            writer.Write(field.Modulus);
            writer.Write(fractionalBits);
            writer.Write(inputShape.Length);
            foreach (int d in inputShape)
                writer.Write(d);
            writer.Write(steps.Length);
            foreach (var step in steps)
                step.WritePublic(writer);
        }
        Fingerprint = [.. SHA256.HashData(stream.ToArray())];
    }

    /// <summary>The field every share lives in.</summary>
    public PrimeField Field { get; }

    /// <summary>Its prime p.</summary>
    public ulong Modulus => Field.Modulus;

    /// <summary>Fixed-point fractional bits f of activations and weights.</summary>
    public int FractionalBits { get; }

    /// <summary>Shape of one input (C×H×W or a vector length).</summary>
    public ImmutableArray<int> InputShape { get; }

    /// <summary>Number of input values.</summary>
    public int InputLength { get; }

    /// <summary>The steps in execution order.</summary>
    public ImmutableArray<PlanStep> Steps { get; }

    /// <summary>The value holding the logits (the last step's output).</summary>
    public int OutputValue => Steps.Length;

    /// <summary>Number of logits.</summary>
    public int OutputLength => Steps.Length == 0 ? InputLength : Steps[^1].OutputLength;

    /// <summary>Scale of the logits.</summary>
    public int OutputScale => Steps.Length == 0 ? FractionalBits : Steps[^1].OutputScale;

    /// <summary>The distinct truncation amounts of sites that run a circuit; one garbled circuit each.</summary>
    public ImmutableArray<int> CircuitTruncations { get; }

    /// <summary>Kept ReLUs in total (each one garbled ReLU circuit per inference).</summary>
    public int ReluCount { get; }

    /// <summary>Identity (linearized) positions in total.</summary>
    public int IdentityCount { get; }

    /// <summary>SHA-256 of the public description: what the handshake compares.</summary>
    public ImmutableArray<byte> Fingerprint { get; }

    /// <summary>Length of value <paramref name="value"/>.</summary>
    public int ValueLength(int value) => value == 0 ? InputLength : Steps[value - 1].OutputLength;

    /// <summary>Scale of value <paramref name="value"/>.</summary>
    public int ValueScale(int value) => value == 0 ? FractionalBits : Steps[value - 1].OutputScale;

    /// <summary>The ReLU circuit that truncates by <paramref name="truncationBits"/> (built once per plan).</summary>
    public ShareCircuit Circuit(int truncationBits) =>
        _circuits.GetOrAdd(truncationBits, t => ShareCircuit.Relu(Field, t));

    /// <summary>SHA-256 over a circuit's gates, outputs, weights, modulus and truncation: the handshake compares these.</summary>
    public static byte[] CircuitFingerprint(ShareCircuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(circuit.Name);
            writer.Write(circuit.Modulus);
            writer.Write(circuit.FractionalBits);
            writer.Write(circuit.Constant);
            var c = circuit.Circuit;
            writer.Write(c.WireCount);
            foreach (int w in c.InputWidths)
                writer.Write(w);
            foreach (var g in c.Gates)
            {
                writer.Write((int)g.Kind);
                writer.Write(g.A);
                writer.Write(g.B);
                writer.Write(g.Output);
            }
            foreach (var o in circuit.Outputs)
            {
                writer.Write(o.Wire);
                writer.Write(o.Weight);
            }
        }
        return SHA256.HashData(stream.ToArray());
    }

    /// <summary>Quantizes a (normalised) input: round(x · 2^f) as residues mod p.</summary>
    /// <exception cref="ArgumentException">Wrong length, or a value is not finite or too large for the field.</exception>
    public ulong[] QuantizeInput(ReadOnlySpan<float> input)
    {
        if (input.Length != InputLength)
            throw new ArgumentException($"The input has {input.Length} values; the model takes {InputLength}.", nameof(input));
        var result = new ulong[input.Length];
        for (int i = 0; i < input.Length; i++)
        {
            try
            {
                result[i] = _fixedPoint.Encode(input[i]);
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new ArgumentException($"Input value {i} ({input[i]}) is not finite or does not fit the field at f = {FractionalBits}.", nameof(input), e);
            }
        }
        return result;
    }

    /// <summary>The logits' real values: the signed residues divided by 2^<see cref="OutputScale"/>.</summary>
    /// <exception cref="ArgumentException">Wrong length.</exception>
    public double[] DecodeOutput(ReadOnlySpan<ulong> output)
    {
        if (output.Length != OutputLength)
            throw new ArgumentException($"The output has {output.Length} values; the model gives {OutputLength}.", nameof(output));
        var logits = new double[output.Length];
        for (int i = 0; i < logits.Length; i++)
            logits[i] = Math.ScaleB(Field.ToSigned(output[i]), -OutputScale);
        return logits;
    }
}

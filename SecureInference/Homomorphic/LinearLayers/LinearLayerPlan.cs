using System.Collections.Immutable;

namespace PiToolkit.SecureInference.Homomorphic.LinearLayers;

/// <summary>
/// How a linear layer is packed into BFV slots: which input values go in which slots of which
/// client ciphertext, which rotations and plaintext products the server performs, and where each
/// output lands. Both parties build the same plan from the public geometry and parameters; only
/// the server has the weights.
/// </summary>
public abstract class LinearLayerPlan
{
    private protected LinearLayerPlan(EncryptionParameters parameters) => Parameters = parameters;

    /// <summary>The encryption parameters the plan packs for.</summary>
    public EncryptionParameters Parameters { get; }

    /// <summary>Length of the input vector r.</summary>
    public abstract int InputCount { get; }

    /// <summary>Length of the output vector M·r.</summary>
    public abstract int OutputCount { get; }

    /// <summary>Number of weights the server supplies.</summary>
    public abstract int WeightCount { get; }

    /// <summary>Ciphertexts client → server.</summary>
    public abstract int InputCiphertextCount { get; }

    /// <summary>Ciphertexts server → client.</summary>
    public abstract int OutputCiphertextCount { get; }

    /// <summary>multiply_plain operations the server performs (an upper bound: all-zero plaintexts are skipped).</summary>
    public abstract int MultiplyPlainCount { get; }

    /// <summary>rotate_rows operations the server performs.</summary>
    public abstract int RotationCount { get; }

    /// <summary>The row-rotation steps the server needs Galois keys for (pass to <see cref="KeyGenerator.CreateGaloisKeys(ReadOnlySpan{int})"/>).</summary>
    public abstract ImmutableArray<int> RotationSteps { get; }

    /// <summary>A plan for a 2-D convolution (see <see cref="ConvolutionGeometry"/>).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The geometry is invalid, or one padded channel does not fit in a row of N/2 slots.</exception>
    public static LinearLayerPlan ForConvolution(ConvolutionGeometry geometry, EncryptionParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(parameters);
        geometry.Validate();
        return new ConvolutionPlan(geometry, parameters);
    }

    /// <summary>A plan for a fully connected layer (see <see cref="FullyConnectedGeometry"/>).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The geometry is invalid.</exception>
    public static LinearLayerPlan ForFullyConnected(FullyConnectedGeometry geometry, EncryptionParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(parameters);
        geometry.Validate();
        return new FullyConnectedPlan(geometry, parameters);
    }

    /// <summary>Writes the slot values of input ciphertext <paramref name="index"/> (length N; unused slots zero).</summary>
    internal abstract void PackInput(ReadOnlySpan<ulong> input, int index, Span<ulong> slots);

    /// <summary>For each output i, its position: ciphertext index · N + slot.</summary>
    internal abstract int[] OutputPositions();

    /// <summary>Left rotations applied to every input ciphertext ("taps"; 0 means the input itself).</summary>
    private protected abstract int[] TapOffsets { get; }

    /// <summary>How many partial sums, <see cref="SumStride"/> slots apart, add up to one output.</summary>
    private protected abstract int SumCount { get; }

    /// <summary>Slot distance between the partial sums of one output.</summary>
    private protected abstract int SumStride { get; }

    /// <summary>Writes the plaintext multiplying tap <paramref name="tap"/> of input ciphertext <paramref name="input"/> for output ciphertext <paramref name="output"/>.</summary>
    private protected abstract void FillTap(ReadOnlySpan<ulong> weights, int output, int input, int tap, Span<ulong> plain);

    /// <summary>Rotations the shared evaluation performs: the non-zero taps of every input, then the partial-sum tree per output.</summary>
    private protected (int Rotations, ImmutableArray<int> Steps) CountRotations()
    {
        var steps = new SortedSet<int>(TapOffsets.Where(d => d != 0));
        int sumRotations = 0;
        LayerEvaluation.SumRotationSteps(SumCount, SumStride, steps, ref sumRotations);
        return (InputCiphertextCount * TapOffsets.Count(d => d != 0) + OutputCiphertextCount * sumRotations, [.. steps]);
    }

    /// <summary>
    /// Runs the packed product: rotate every input by every tap once, then for each output
    /// ciphertext accumulate tap ⊙ plaintext over inputs and taps and add the partial sums.
    /// Returns <see cref="OutputCiphertextCount"/> ciphertexts holding M·r at <see cref="OutputPositions"/>.
    /// </summary>
    internal List<Ciphertext> Evaluate(LayerEvaluation evaluation, ReadOnlySpan<ulong> weights, IReadOnlyList<Ciphertext> inputs)
    {
        int[] taps = TapOffsets;
        var rotated = new Ciphertext[inputs.Count, taps.Length];
        var outputs = new List<Ciphertext>(OutputCiphertextCount);
        var plain = new ulong[evaluation.SlotCount];
        try
        {
            for (int i = 0; i < inputs.Count; i++)
                for (int d = 0; d < taps.Length; d++)
                    rotated[i, d] = taps[d] == 0 ? inputs[i] : evaluation.Rotate(inputs[i], taps[d]);
            for (int o = 0; o < OutputCiphertextCount; o++)
            {
                Ciphertext? accumulator = null;
                for (int i = 0; i < inputs.Count; i++)
                {
                    for (int d = 0; d < taps.Length; d++)
                    {
                        FillTap(weights, o, i, d, plain);
                        evaluation.MultiplyAccumulate(ref accumulator, rotated[i, d], plain);
                    }
                }
                accumulator ??= evaluation.EncryptZero();
                outputs.Add(evaluation.SumRotations(accumulator, SumCount, SumStride));
            }
            return outputs;
        }
        catch
        {
            foreach (var ct in outputs)
                ct.Dispose();
            throw;
        }
        finally
        {
            for (int i = 0; i < inputs.Count; i++)
                for (int d = 0; d < taps.Length; d++)
                    if (taps[d] != 0)
                        rotated[i, d]?.Dispose();
        }
    }
}

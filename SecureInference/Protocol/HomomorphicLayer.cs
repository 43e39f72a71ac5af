using System.Collections.Immutable;
using PiToolkit.SecureInference.Homomorphic;
using PiToolkit.SecureInference.Homomorphic.LinearLayers;
using PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// One linear step's two HE packings, both built by both parties from the public geometry, and the
/// encoding the session agreed on for it in the handshake. Coefficient blocking follows
/// <see cref="CoefficientCosts.Default"/> on both sides so that the plans agree without a message.
/// </summary>
internal sealed record HomomorphicLayer(LinearStep Step, LinearLayerPlan Slots, CoefficientLinearPlan Coefficient,
    HomomorphicEncoding Encoding)
{
    public bool IsCoefficient => Encoding == HomomorphicEncoding.Coefficient;

    public int InputCiphertextCount => IsCoefficient ? Coefficient.InputCiphertextCount : Slots.InputCiphertextCount;

    public int OutputCiphertextCount => IsCoefficient ? Coefficient.OutputCiphertextCount : Slots.OutputCiphertextCount;

    public int MultiplyPlainCount => IsCoefficient ? Coefficient.MultiplyPlainCount : Slots.MultiplyPlainCount;

    public int RotationCount => IsCoefficient ? 0 : Slots.RotationCount;

    /// <summary>The report's name of the encoding.</summary>
    public string EncodingName => Name(Encoding);

    public static string Name(HomomorphicEncoding encoding) => encoding.ToString().ToLowerInvariant();

    /// <summary>Both plans of every linear step, in plan order, with a placeholder encoding until the handshake settles it.</summary>
    /// <exception cref="ArgumentException">A layer does not fit the parameters.</exception>
    public static ImmutableArray<HomomorphicLayer> For(InferencePlan plan, EncryptionParameters parameters) =>
        [.. plan.Steps.OfType<LinearStep>().Select(s => new HomomorphicLayer(s, s.CreateLayerPlan(parameters),
            s.CreateCoefficientPlan(parameters), HomomorphicEncoding.Slots))];

    /// <summary>
    /// The client's choice per layer: <paramref name="options"/>' encoding by its cost model, except
    /// that <see cref="HomomorphicEncoding.Auto"/> never picks slots for a layer whose slot noise bound
    /// (public: from the plan alone, worst-case weights) flooding cannot hide at σ = 40, since the server
    /// would refuse that layer mid-way through the first offline phase.
    /// </summary>
    public static ImmutableArray<EncodingChoice> Choose(ImmutableArray<HomomorphicLayer> layers, ProtocolOptions options, SealRuntime runtime,
        EncryptionParameters parameters)
    {
        ImmutableArray<EncodingChoice> choices = [.. layers.Select(l => options.CostModel.Choose(options.Encoding, l.Slots, l.Coefficient))];
        if (options.Encoding != HomomorphicEncoding.Auto || options.AllowInsecureRingForTests || choices.All(c => c.Encoding != HomomorphicEncoding.Slots))
            return choices;
        var context = runtime.SharedContext(parameters);
        return [.. layers.Zip(choices, (l, c) => c.Encoding == HomomorphicEncoding.Slots && ResponseNoiseBound.For(l.Slots, context).MarginBits < 0
            ? c with { Encoding = HomomorphicEncoding.Coefficient }
            : c)];
    }

    /// <summary>The rotation steps of the slot-encoded layers, for the Galois keys the client sends.</summary>
    public static int[] RotationSteps(IEnumerable<HomomorphicLayer> layers)
    {
        int[] steps = [.. layers.Where(l => !l.IsCoefficient).SelectMany(l => l.Slots.RotationSteps).Distinct().Order()];
        // SEAL needs at least one step; slot layers without rotations get a harmless one.
        return steps.Length == 0 ? [1] : steps;
    }

    /// <summary>
    /// The server's check of the client's per-layer choices (one byte per linear step, from the
    /// hello): the count, each value, and that its own option allows it; null when acceptable.
    /// </summary>
    public static string? CheckChoices(ImmutableArray<byte> choices, IReadOnlyList<HomomorphicLayer> layers, HomomorphicEncoding allowed)
    {
        if (choices.Length != layers.Count)
            return $"encodings for {choices.Length} linear layers ≠ {layers.Count}";
        for (int i = 0; i < layers.Count; i++)
        {
            var choice = (HomomorphicEncoding)choices[i];
            if (choice is not (HomomorphicEncoding.Coefficient or HomomorphicEncoding.Slots))
                return $"{layers[i].Step.Name}: unknown HE encoding {choices[i]}";
            if (allowed != HomomorphicEncoding.Auto && choice != allowed)
                return $"{layers[i].Step.Name}: the client chose {Name(choice)} encoding; this server allows only {Name(allowed)}";
        }
        return null;
    }
}

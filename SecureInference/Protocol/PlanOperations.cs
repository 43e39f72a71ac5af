using System.Collections.Immutable;
using PiToolkit.SecureInference.Circuits;
using PiToolkit.SecureInference.Homomorphic;
using PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// Operation counts of one inference from the public plan, without running the protocol or loading
/// SEAL: what the cost model needs to price a model too large to run here. The protocol's parties
/// meter their ReLU steps through <see cref="Relu"/>, so a count here and a count in a report cannot
/// drift apart.
/// </summary>
public static class PlanOperations
{
    /// <summary>Each step of <paramref name="plan"/> under <paramref name="options"/>' encoding and ring degree, in plan order.</summary>
    /// <remarks>
    /// Only a fixed encoding can be counted: <see cref="HomomorphicEncoding.Auto"/> also drops slots for a
    /// layer whose noise bound flooding cannot hide, and that bound needs a SEAL context.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The encoding is <see cref="HomomorphicEncoding.Auto"/>, or a layer does not fit the HE parameters.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The ring degree is not supported or the plan's field does not batch for it.</exception>
    public static ImmutableArray<StepOperations> Count(InferencePlan plan, ProtocolOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Encoding is not (HomomorphicEncoding.Coefficient or HomomorphicEncoding.Slots))
            throw new ArgumentException($"only a fixed HE encoding (coefficient or slots) can be counted without SEAL, not {options.Encoding}", nameof(options));
        var parameters = EncryptionParameters.Create(options.PolyModulusDegree, plan.Field);
        var linear = HomomorphicLayer.For(plan, parameters).ToDictionary(l => l.Step.Index, l => l with { Encoding = options.Encoding });
        return [.. plan.Steps.Select(step => step switch
        {
            LinearStep => Linear(linear[step.Index]),
            ReluStep relu when relu.KeptPositions.Length > 0 => Relu(plan, relu),
            _ => new StepOperations(step.Index, step.Name, SecureInferenceClient.Kind(step), null, 0, 0, 0, 0, 0),
        })];
    }

    /// <summary>A ReLU step's counts: every kept position runs the plan's circuit for its truncation once.</summary>
    internal static StepOperations Relu(InferencePlan plan, ReluStep relu)
    {
        ShareCircuit circuit = plan.Circuit(relu.TruncationBits);
        long kept = relu.KeptPositions.Length;
        return new StepOperations(relu.Index, relu.Name, "relu", null, kept, 0, 0, circuit.Circuit.AndCount * kept, circuit.ShareBits * kept);
    }

    private static StepOperations Linear(HomomorphicLayer layer) =>
        new(layer.Step.Index, layer.Step.Name, "linear", layer.EncodingName, 0, layer.MultiplyPlainCount, layer.RotationCount, 0, 0);
}

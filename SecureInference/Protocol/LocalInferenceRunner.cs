using System.Collections.Immutable;
using PiToolkit.ModelFormat;
using PiToolkit.SecureInference.Homomorphic;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// Runs both parties of the protocol in this process on labelled inputs and measures them: each
/// input is classified privately, by the float graph and by the reference interpreter, and the
/// outcomes and both parties' costs become a <see cref="SecureInferenceReport"/>. What
/// <c>pitk pi run</c> does, reusable by benchmarks and sweeps.
/// </summary>
public static class LocalInferenceRunner
{
    /// <summary>Classifies <paramref name="inputs"/> privately, one offline and one online phase each.</summary>
    /// <param name="graph">The float model (for the float prediction).</param>
    /// <param name="compiled">The same model compiled (plan and the server's weights).</param>
    /// <param name="inputs">Normalised inputs of <see cref="InferencePlan.InputLength"/> values with their labels.</param>
    /// <param name="transport">How the two parties are connected.</param>
    /// <param name="options">Protocol options for both parties (default: <see cref="ProtocolOptions"/>'s defaults).</param>
    /// <param name="onInference">Called after each input with its index and outcome (client costs only), e.g. to print a line.</param>
    /// <param name="cancellationToken">Stops between inputs and while connecting.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">An input has the wrong length.</exception>
    /// <exception cref="ProtocolException">The protocol failed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static async Task<SecureInferenceReport> RunAsync(ModelGraph graph, CompiledModel compiled, IReadOnlyList<LabelledInput> inputs,
        LoopbackTransport transport, ProtocolOptions? options = null, Action<int, InferenceOutcome>? onInference = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(compiled);
        ArgumentNullException.ThrowIfNull(inputs);
        for (int i = 0; i < inputs.Count; i++)
            if (inputs[i].Values.Length != compiled.Plan.InputLength)
                throw new ArgumentException($"Input {i} has {inputs[i].Values.Length} values; the model takes {compiled.Plan.InputLength}.", nameof(inputs));
        using var pair = await LoopbackPair.ConnectAsync(transport, cancellationToken).ConfigureAwait(false);
        using var clientLease = SealRuntimePool.Shared.Lease();
        using var serverLease = SealRuntimePool.Shared.Lease();
        var clientRuntime = clientLease.Runtime;
        var serverRuntime = serverLease.Runtime;
        SecureInferenceServer? server = null;
        try
        {
            var (_, (session, outcomes)) = await pair.RunAsync(
                channel =>
                {
                    server = new SecureInferenceServer(channel, serverRuntime, compiled, options);
                    server.Serve(cancellationToken);
                    return true;
                },
                channel => RunClient(channel, clientRuntime, graph, compiled, inputs, options, onInference, cancellationToken),
                cancellationToken).ConfigureAwait(false);
            // The server's own view of each batch (its times and actual HE counts) joins the client's.
            var merged = outcomes.Select(o => o.Outcome with { ServerCosts = server!.CostsOf(o.Batch) }).ToList();
            return SecureInferenceReport.Create(compiled.Plan, merged, session, server!.SessionCosts);
        }
        finally
        {
            server?.Dispose();
        }
    }

    private static (ImmutableArray<StepCost> Session, List<(InferenceOutcome Outcome, ulong Batch)> Outcomes) RunClient(IChannel channel,
        SealRuntime runtime, ModelGraph graph, CompiledModel compiled, IReadOnlyList<LabelledInput> inputs, ProtocolOptions? options,
        Action<int, InferenceOutcome>? onInference, CancellationToken cancellationToken)
    {
        var outcomes = new List<(InferenceOutcome Outcome, ulong Batch)>();
        using var client = new SecureInferenceClient(channel, runtime, compiled.Plan, options);
        for (int i = 0; i < inputs.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            float[] input = inputs[i].Values;
            int floatPrediction = ArgMax(GraphInterpreter.Evaluate(graph, input));
            ulong[] quantized = compiled.Plan.QuantizeInput(input);
            client.Preprocess();
            var result = client.Infer(quantized);
            var reference = ReferenceInterpreter.Evaluate(compiled, quantized);
            bool exact = reference.Output.SequenceEqual(result.Output);
            bool within = reference.Admits(result.Output.AsSpan(), compiled.Plan.Field);
            var outcome = new InferenceOutcome(inputs[i].Label, result.Prediction, floatPrediction, within, exact, result.Costs, []);
            outcomes.Add((outcome, result.BatchId));
            onInference?.Invoke(i, outcome);
        }
        return (client.SessionCosts, outcomes);
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
            if (values[i] > values[best])
                best = i;
        return best;
    }
}

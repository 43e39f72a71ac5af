using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// What a run of private inferences measured: accuracy against labels and the float model,
/// agreement with the reference interpreter, and per-inference medians of the offline and online
/// cost, overall and per layer. Scripts read the JSON's top-level fields <c>images</c>,
/// <c>accuracy</c>, <c>float_accuracy</c>, <c>reference_agreement</c>, <c>offline_ms</c>,
/// <c>online_ms</c>, <c>offline_bytes</c>, <c>online_bytes</c> and the <c>layers</c> array (each
/// linear layer's row names its HE <c>encoding</c>).
/// </summary>
public sealed record SecureInferenceReport
{
    /// <summary>Images classified.</summary>
    [JsonPropertyName("images")] public int Images { get; init; }

    /// <summary>Fraction whose protocol argmax equals the label.</summary>
    [JsonPropertyName("accuracy")] public double Accuracy { get; init; }

    /// <summary>Fraction whose float-model argmax equals the label.</summary>
    [JsonPropertyName("float_accuracy")] public double FloatAccuracy { get; init; }

    /// <summary>Fraction whose protocol argmax equals the float model's.</summary>
    [JsonPropertyName("float_agreement")] public double FloatAgreement { get; init; }

    /// <summary>Fraction whose logits are within the reference interpreter's stated bound (exact where it is deterministic).</summary>
    [JsonPropertyName("reference_agreement")] public double ReferenceAgreement { get; init; }

    /// <summary>Fraction whose logits equal the reference's exactly.</summary>
    [JsonPropertyName("reference_exact")] public double ReferenceExact { get; init; }

    /// <summary>Median client wall time of one inference's offline phase.</summary>
    [JsonPropertyName("offline_ms")] public double OfflineMs { get; init; }

    /// <summary>Median client wall time of one inference's online phase.</summary>
    [JsonPropertyName("online_ms")] public double OnlineMs { get; init; }

    /// <summary>Median bytes (both directions) of one offline phase.</summary>
    [JsonPropertyName("offline_bytes")] public long OfflineBytes { get; init; }

    /// <summary>Median bytes (both directions) of one online phase.</summary>
    [JsonPropertyName("online_bytes")] public long OnlineBytes { get; init; }

    /// <summary>Client wall time of the session setup (handshake, keys, base OTs), once per session.</summary>
    [JsonPropertyName("session_ms")] public double SessionMs { get; init; }

    /// <summary>Bytes of the session setup, both directions.</summary>
    [JsonPropertyName("session_bytes")] public long SessionBytes { get; init; }

    /// <summary>Kept ReLUs (garbled circuits per inference).</summary>
    [JsonPropertyName("relus")] public int Relus { get; init; }

    /// <summary>Identity (linearized) positions.</summary>
    [JsonPropertyName("identities")] public int Identities { get; init; }

    /// <summary>Non-linear comparisons besides ReLUs (max pooling is refused, so always 0).</summary>
    [JsonPropertyName("comparisons")] public int Comparisons { get; init; }

    /// <summary>Per step and phase: per-inference medians (session rows: once).</summary>
    [JsonPropertyName("layers")] public ImmutableArray<LayerCost> Layers { get; init; } = [];

    /// <summary>Builds the report from per-image outcomes and the session's costs.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static SecureInferenceReport Create(InferencePlan plan, IReadOnlyList<InferenceOutcome> outcomes,
        ImmutableArray<StepCost> clientSession, ImmutableArray<StepCost> serverSession)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(outcomes);
        int n = outcomes.Count;
        double Fraction(Func<InferenceOutcome, bool> predicate) => n == 0 ? 0 : outcomes.Count(predicate) / (double)n;
        var layers = ImmutableArray.CreateBuilder<LayerCost>();
        layers.AddRange(Merge([clientSession], [serverSession], ProtocolPhase.Session));
        layers.AddRange(Merge([.. outcomes.Select(o => o.ClientCosts)], [.. outcomes.Select(o => o.ServerCosts)], ProtocolPhase.Offline));
        layers.AddRange(Merge([.. outcomes.Select(o => o.ClientCosts)], [.. outcomes.Select(o => o.ServerCosts)], ProtocolPhase.Online));
        return new SecureInferenceReport
        {
            Images = n,
            Accuracy = Fraction(o => o.Prediction == o.Label),
            FloatAccuracy = Fraction(o => o.FloatPrediction == o.Label),
            FloatAgreement = Fraction(o => o.FloatPrediction == o.Prediction),
            ReferenceAgreement = Fraction(o => o.MatchesReference),
            ReferenceExact = Fraction(o => o.EqualsReference),
            OfflineMs = Median(outcomes.Select(o => Total(o.ClientCosts, ProtocolPhase.Offline, c => c.Milliseconds))),
            OnlineMs = Median(outcomes.Select(o => Total(o.ClientCosts, ProtocolPhase.Online, c => c.Milliseconds))),
            OfflineBytes = (long)Median(outcomes.Select(o => Total(o.ClientCosts, ProtocolPhase.Offline, c => c.BytesSent + c.BytesReceived))),
            OnlineBytes = (long)Median(outcomes.Select(o => Total(o.ClientCosts, ProtocolPhase.Online, c => c.BytesSent + c.BytesReceived))),
            SessionMs = clientSession.Sum(c => c.Milliseconds),
            SessionBytes = clientSession.Sum(c => c.BytesSent + c.BytesReceived),
            Relus = plan.ReluCount,
            Identities = plan.IdentityCount,
            Layers = layers.ToImmutable(),
        };
    }

    /// <summary>The report as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads a report written by <see cref="ToJson"/> (the file of <c>pitk pi run --json</c>).</summary>
    /// <exception cref="FormatException"><paramref name="json"/> is not such a report (not JSON, or no <c>images</c>, <c>relus</c> and <c>layers</c>).</exception>
    public static SecureInferenceReport Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            // Deserializing alone would turn any JSON object into an empty report; the fields every report has tell them apart.
            using (var document = JsonDocument.Parse(json))
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("images", out _) || !root.TryGetProperty("relus", out _)
                    || !root.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array)
                    throw new FormatException("not a pi run report (no images, relus and layers fields)");
            }
            return JsonSerializer.Deserialize<SecureInferenceReport>(json, JsonOptions)
                ?? throw new FormatException("not a pi run report");
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a pi run report: {e.Message}", e);
        }
    }

    /// <summary>A fixed-width table of the per-layer costs and the totals.</summary>
    public string FormatTable()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"{"phase",-8} {"step",4} {"layer",-16} {"kind",-9} {"encoding",-11} {"client ms",10} {"server ms",10} {"C→S bytes",12} {"S→C bytes",12} {"mul_plain",9} {"rot",5} {"AND",9} {"OT",8}");
        foreach (var l in Layers)
            text.AppendLine(c, $"{l.Phase,-8} {l.Step,4} {Clip(l.Name, 16),-16} {l.Kind,-9} {l.Encoding ?? "",-11} {l.ClientMs,10:F1} {l.ServerMs,10:F1} {l.BytesClientToServer,12:N0} {l.BytesServerToClient,12:N0} {l.MultiplyPlain,9} {l.Rotations,5} {l.AndGates,9:N0} {l.ObliviousTransfers,8:N0}");
        text.AppendLine(c, $"per inference (median of {Images}): offline {OfflineMs:F1} ms, {OfflineBytes:N0} B; online {OnlineMs:F1} ms, {OnlineBytes:N0} B; "
            + $"session once: {SessionMs:F1} ms, {SessionBytes:N0} B; {Relus} ReLUs + {Comparisons} comparisons, {Identities} identity positions");
        return text.ToString();
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private static string Clip(string s, int width) => s.Length <= width ? s : s[..(width - 1)] + "…";

    private static double Total(ImmutableArray<StepCost> costs, ProtocolPhase phase, Func<StepCost, double> field) =>
        costs.Where(c => c.Phase == phase).Sum(field);

    private static IEnumerable<LayerCost> Merge(IReadOnlyList<ImmutableArray<StepCost>> client, IReadOnlyList<ImmutableArray<StepCost>> server, ProtocolPhase phase)
    {
        var keys = client.SelectMany(c => c).Where(c => c.Phase == phase).Select(c => (c.Step, c.Name, c.Kind)).Distinct().ToList();
        foreach (var (step, name, kind) in keys)
        {
            var mine = client.Select(list => list.FirstOrDefault(c => c.Phase == phase && c.Step == step && c.Name == name)).Where(c => c is not null).Select(c => c!).ToList();
            var theirs = server.Select(list => list.FirstOrDefault(c => c.Phase == phase && c.Step == step && c.Name == name)).Where(c => c is not null).Select(c => c!).ToList();
            yield return new LayerCost(step, name, kind, phase.ToString().ToLowerInvariant(),
                Median(mine.Select(c => c.Milliseconds)), Median(theirs.Select(c => c.Milliseconds)),
                (long)Median(mine.Select(c => (double)c.BytesSent)), (long)Median(mine.Select(c => (double)c.BytesReceived)),
                (long)Median((theirs.Count > 0 ? theirs : mine).Select(c => (double)c.MultiplyPlain)),
                (long)Median((theirs.Count > 0 ? theirs : mine).Select(c => (double)c.Rotations)),
                (long)Median(mine.Select(c => (double)c.AndGates)), (long)Median(mine.Select(c => (double)c.ObliviousTransfers)))
            {
                Encoding = mine.Concat(theirs).Select(c => c.Encoding).FirstOrDefault(e => e is not null),
            };
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        if (sorted.Length == 0)
            return 0;
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

using System.Text;
using System.Text.Json.Serialization;

namespace PiToolkit.Bench.Sweeps.Points;

/// <summary>What identifies one benchmark point: which model, which method, at which budget, with which seed.</summary>
/// <param name="Model">The model's name (its architecture, e.g. <c>lenet5</c>).</param>
/// <param name="Method">The method, one of <see cref="BenchMethods.Known"/> (e.g. <c>snl</c>, <c>prune+snl</c>).</param>
/// <param name="Budget">The ReLU budget.</param>
/// <param name="Seed">The seed of the point's training, masks and pruning.</param>
public sealed record BenchPointKey(string Model, string Method, BenchBudget Budget, int Seed)
{
    /// <summary>
    /// A file-name-safe identifier, unique per key, e.g. <c>lenet5_prune+snl_300_s1</c>: the point
    /// store names the point's record and its work folder after it.
    /// </summary>
    public string Id => $"{Safe(Model)}_{Safe(Method)}_{Budget}_s{Seed}";

    /// <summary>The configuration this point is one seed of: the key without its seed.</summary>
    [JsonIgnore]
    public (string Model, string Method, BenchBudget Budget) Configuration => (Model, Method, Budget);

    /// <summary>A readable form, e.g. <c>lenet5 snl 300 seed 1</c>.</summary>
    public override string ToString() => $"{Model} {Method} {Budget} seed {Seed}";

    // Letters, digits and the few punctuation marks method names use; anything else (a path separator
    // in a model name, say) must not escape the store's folder.
    private static string Safe(string text)
    {
        var safe = new StringBuilder(text.Length);
        foreach (char c in text)
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '+' ? c : '-');
        return safe.ToString();
    }
}

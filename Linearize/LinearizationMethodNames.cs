namespace PiToolkit.Linearize;

/// <summary>The names a <see cref="LinearizationMethod"/> goes by on the command line, in manifests and in tables.</summary>
public static class LinearizationMethodNames
{
    /// <summary>The names <see cref="Parse"/> accepts, as shown in help texts.</summary>
    public static IReadOnlyList<string> Accepted { get; } = ["snl", "random", "criticality", "layerwise"];

    /// <summary>The identifier written to manifests, folder names and CSV files.</summary>
    public static string Id(LinearizationMethod method) => method switch
    {
        LinearizationMethod.Snl => "snl",
        LinearizationMethod.Random => "random",
        LinearizationMethod.Criticality => "criticality",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "unknown method"),
    };

    /// <summary>What tables and logs call the method.</summary>
    public static string Display(LinearizationMethod method) => method switch
    {
        LinearizationMethod.Snl => "SNL",
        LinearizationMethod.Random => "random",
        LinearizationMethod.Criticality => "criticality-ordered layers",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "unknown method"),
    };

    /// <summary>
    /// Parses a method name. "layerwise", the name this baseline had before it was described
    /// honestly, is still accepted so existing scripts keep working.
    /// </summary>
    /// <exception cref="ArgumentException">Not a known name; the message lists them.</exception>
    public static LinearizationMethod Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "snl" => LinearizationMethod.Snl,
            "random" => LinearizationMethod.Random,
            "criticality" or "layerwise" => LinearizationMethod.Criticality,
            _ => throw new ArgumentException($"method '{name}' is not one of snl, random, criticality (alias layerwise)", nameof(name)),
        };
    }
}

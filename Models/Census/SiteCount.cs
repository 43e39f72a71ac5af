namespace PiToolkit.Models.Census;

/// <summary>One ReLU site in a census.</summary>
/// <param name="Name">Module path, e.g. <c>layer1.0.relu2</c>.</param>
/// <param name="Shape">Per-sample activation shape at the site.</param>
/// <param name="Relus">ReLUs at the site (the shape's product).</param>
public sealed record SiteCount(string Name, long[] Shape, long Relus);

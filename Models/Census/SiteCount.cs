namespace PiToolkit.Models.Census;

/// <summary>One ReLU site in a census.</summary>
/// <param name="Name">Module path, e.g. <c>layer1.0.relu2</c>.</param>
/// <param name="Shape">Per-sample activation shape at the site.</param>
/// <param name="Relus">ReLUs that stay nonlinear at the site.</param>
/// <param name="Capacity">ReLUs the site has before linearization (the shape's product).</param>
public sealed record SiteCount(string Name, long[] Shape, long Relus, long Capacity);

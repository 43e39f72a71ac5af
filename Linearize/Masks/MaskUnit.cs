namespace PiToolkit.Linearize.Masks;

/// <summary>One mask entry as a candidate for the budget.</summary>
/// <param name="Site">Index of the site in forward order.</param>
/// <param name="Index">Flat index of the entry within the site's mask.</param>
/// <param name="Score">Higher is kept first (SNL: the learned mask value).</param>
/// <param name="Cost">ReLUs the entry keeps nonlinear (1 per pixel; H×W per conv channel).</param>
public readonly record struct MaskUnit(int Site, int Index, double Score, long Cost);

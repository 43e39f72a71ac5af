namespace PiToolkit.Linearize.Masks;

/// <summary>What one mask entry covers.</summary>
public enum MaskGranularity
{
    /// <summary>One mask per activation (C×H×W per site): SNL's default, finest budgets.</summary>
    Pixel,
    /// <summary>One mask per channel (C×1×1; per unit at FC sites): keeps or drops whole feature maps.</summary>
    Channel,
}

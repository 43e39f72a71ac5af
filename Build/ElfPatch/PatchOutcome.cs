namespace PiToolkit.ElfPatch;

/// <summary>What <see cref="LibTorchSharpPatcher"/> did to one file.</summary>
public enum PatchOutcome
{
    /// <summary>The requirement was strong and is now weak; the file was rewritten.</summary>
    Patched,
    /// <summary>The requirement was already weak; the file was left untouched.</summary>
    AlreadyWeak,
    /// <summary>The file needs no such version; it was left untouched.</summary>
    NotRequired,
}

namespace PiToolkit.ElfPatch;

/// <summary>One Vernaux entry of .gnu.version_r: a symbol version this object needs from <paramref name="Library"/>.</summary>
/// <param name="Library">The needed library's soname (vn_file).</param>
/// <param name="Version">The version name, e.g. GLIBCXX_3.4.32 (vna_name).</param>
/// <param name="Index">The version index symbols refer to through .gnu.version (vna_other).</param>
/// <param name="Flags">vna_flags; bit <see cref="VersionNeeds.WeakFlag"/> makes a missing version non-fatal.</param>
/// <param name="FlagsFileOffset">Absolute file offset of the two vna_flags bytes.</param>
public readonly record struct VersionNeed(string Library, string Version, ushort Index, ushort Flags, int FlagsFileOffset)
{
    /// <summary>Whether the dynamic loader treats this requirement as optional.</summary>
    public bool IsWeak => (Flags & VersionNeeds.WeakFlag) != 0;
}

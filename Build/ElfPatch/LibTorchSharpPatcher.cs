using PiToolkit.ModelFormat.IO;

namespace PiToolkit.ElfPatch;

/// <summary>
/// Marks libLibTorchSharp.so's need for GLIBCXX_3.4.32 weak (VER_FLG_WEAK in its Vernaux entry).
/// </summary>
/// <remarks>
/// TorchSharp 0.107.0 was linked against GCC 13's libstdc++, which versions
/// <c>std::ios_base_library_init()</c> as GLIBCXX_3.4.32. That symbol is named but never relocated,
/// so the requirement is spurious; Debian 12 ships libstdc++ up to 3.4.30 and its loader refuses the
/// library. A weak requirement is reported as missing but not fatal. The patcher refuses unless the
/// version is used by exactly the expected undefined symbol, so it never weakens a requirement
/// that some relocation depends on. It flips one bit of two bytes and writes the result through a
/// temporary file and a rename, so a crash leaves either the old or the new file, never a torn one,
/// and a hard link into the NuGet cache is never written through.
/// </remarks>
public static class LibTorchSharpPatcher
{
    /// <summary>The library the patch applies to.</summary>
    public const string LibraryFileName = "libLibTorchSharp.so";
    /// <summary>The version requirement that is weakened.</summary>
    public const string Version = "GLIBCXX_3.4.32";
    /// <summary>The only symbol allowed to use <see cref="Version"/>.</summary>
    public const string ExpectedSymbol = "_ZSt21ios_base_library_initv";

    /// <summary>Patches <paramref name="bytes"/> in place (the caller's copy) and reports what was done.</summary>
    /// <exception cref="ElfFormatException">Not a valid ELF64 file, or the version is used by a symbol other than <see cref="ExpectedSymbol"/>.</exception>
    public static PatchOutcome PatchInMemory(byte[] bytes, string source)
    {
        var elf = ElfFile.Parse(bytes, source);
        var needs = VersionNeeds.Read(elf).Where(n => n.Version == Version).ToList();
        if (needs.Count == 0) return PatchOutcome.NotRequired;
        if (needs.Count > 1)
            throw new ElfFormatException($"{source}: {Version} is needed {needs.Count} times; refusing to guess which to weaken");
        var need = needs[0];
        if (need.IsWeak) return PatchOutcome.AlreadyWeak;

        var users = VersionNeeds.SymbolsUsing(elf, need.Index);
        if (users.Any(u => u.Name != ExpectedSymbol || !u.Undefined))
            throw new ElfFormatException($"{source}: {Version} is used by {string.Join(", ", users.Select(u => u.Name))}; "
                + $"only {ExpectedSymbol} is known to be safe to weaken");

        ushort flags = (ushort)(need.Flags | VersionNeeds.WeakFlag);
        bytes[need.FlagsFileOffset] = (byte)flags;
        bytes[need.FlagsFileOffset + 1] = (byte)(flags >> 8);
        return PatchOutcome.Patched;
    }

    /// <summary>Patches the file at <paramref name="path"/> if needed, replacing it atomically.</summary>
    /// <exception cref="ElfFormatException">The file is not a valid ELF64 file or not safe to patch; it is left untouched.</exception>
    /// <exception cref="IOException">The file cannot be read or replaced.</exception>
    public static PatchOutcome PatchFile(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var outcome = PatchInMemory(bytes, path);
        if (outcome != PatchOutcome.Patched) return outcome;

        // AtomicFile keeps the library's permission bits and replaces the directory entry, so a hard
        // link into the NuGet cache is never written through.
        AtomicFile.WriteAllBytes(path, bytes);
        return outcome;
    }
}

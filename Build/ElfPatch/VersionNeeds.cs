using System.Buffers.Binary;

namespace PiToolkit.ElfPatch;

/// <summary>Reads the symbol-version tables of an <see cref="ElfFile"/>: what it needs, what it defines, and which dynamic symbols use a version.</summary>
public static class VersionNeeds
{
    /// <summary>VER_FLG_WEAK: a missing version is reported but not fatal to the dynamic loader.</summary>
    public const ushort WeakFlag = 0x2;

    private const int VerneedSize = 16;
    private const int VernauxSize = 16;
    private const int SymbolSize = 24;

    /// <summary>Every Vernaux entry of .gnu.version_r, in file order.</summary>
    /// <exception cref="ElfFormatException">The section's chain of entries leaves the section or loops.</exception>
    public static IReadOnlyList<VersionNeed> Read(ElfFile elf)
    {
        var result = new List<VersionNeed>();
        if (elf.FindSection(ElfFile.ShtGnuVerneed) is not { } section) return result;
        var strings = elf.Sections[section.Link];
        var bytes = elf.Bytes;
        long offset = 0;
        for (uint i = 0; i < section.Info; i++)
        {
            int at = elf.At(section, offset, VerneedSize, "Verneed entry");
            ushort count = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(at + 2)..]);
            string library = elf.ReadString(strings, BinaryPrimitives.ReadUInt32LittleEndian(bytes[(at + 4)..]));
            uint auxOffset = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(at + 8)..]);
            uint next = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(at + 12)..]);
            long aux = offset + auxOffset;
            for (int j = 0; j < count; j++)
            {
                int a = elf.At(section, aux, VernauxSize, "Vernaux entry");
                ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(a + 4)..]);
                ushort index = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(a + 6)..]);
                string name = elf.ReadString(strings, BinaryPrimitives.ReadUInt32LittleEndian(bytes[(a + 8)..]));
                result.Add(new VersionNeed(library, name, index, flags, a + 4));
                uint auxNext = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(a + 12)..]);
                if (auxNext == 0 && j + 1 < count)
                    throw new ElfFormatException($"{elf.Source}: Verneed for {library} promises {count} entries but its chain ends after {j + 1}");
                aux += auxNext;
            }
            if (next == 0 && i + 1 < section.Info)
                throw new ElfFormatException($"{elf.Source}: .gnu.version_r promises {section.Info} entries but its chain ends after {i + 1}");
            offset += next;
        }
        return result;
    }

    /// <summary>The version names an object defines in .gnu.version_d (e.g. the GLIBCXX_* of libstdc++).</summary>
    /// <exception cref="ElfFormatException">The section's chain of entries leaves the section.</exception>
    public static IReadOnlySet<string> ReadDefinitions(ElfFile elf)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (elf.FindSection(ElfFile.ShtGnuVerdef) is not { } section) return names;
        var strings = elf.Sections[section.Link];
        var bytes = elf.Bytes;
        long offset = 0;
        for (uint i = 0; i < section.Info; i++)
        {
            int at = elf.At(section, offset, 20, "Verdef entry");
            uint aux = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(at + 12)..]);
            uint next = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(at + 16)..]);
            int a = elf.At(section, offset + aux, 8, "Verdaux entry");
            names.Add(elf.ReadString(strings, BinaryPrimitives.ReadUInt32LittleEndian(bytes[a..])));
            if (next == 0) break;
            offset += next;
        }
        return names;
    }

    /// <summary>The dynamic symbols whose .gnu.version entry is <paramref name="versionIndex"/>, with whether each is undefined here (imported).</summary>
    /// <exception cref="ElfFormatException">The symbol or version table is missing or inconsistent.</exception>
    public static IReadOnlyList<(string Name, bool Undefined)> SymbolsUsing(ElfFile elf, ushort versionIndex)
    {
        var dynsym = elf.FindSection(ElfFile.ShtDynSym) ?? throw new ElfFormatException($"{elf.Source}: no .dynsym section");
        var versym = elf.FindSection(ElfFile.ShtGnuVersym) ?? throw new ElfFormatException($"{elf.Source}: no .gnu.version section");
        int count = dynsym.Size / SymbolSize;
        if (versym.Size != count * 2)
            throw new ElfFormatException($"{elf.Source}: .gnu.version has {versym.Size / 2} entries for {count} dynamic symbols");
        var strings = elf.Sections[dynsym.Link];
        var bytes = elf.Bytes;
        var found = new List<(string, bool)>();
        for (int i = 0; i < count; i++)
        {
            ushort v = BinaryPrimitives.ReadUInt16LittleEndian(bytes[elf.At(versym, i * 2L, 2, "version index")..]);
            if ((v & 0x7fff) != versionIndex) continue;
            int s = elf.At(dynsym, (long)i * SymbolSize, SymbolSize, "dynamic symbol");
            string name = elf.ReadString(strings, BinaryPrimitives.ReadUInt32LittleEndian(bytes[s..]));
            ushort shndx = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(s + 6)..]);
            found.Add((name, shndx == 0));
        }
        return found;
    }
}

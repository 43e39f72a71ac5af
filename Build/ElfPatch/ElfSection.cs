namespace PiToolkit.ElfPatch;

/// <summary>One entry of an ELF64 section header table (only the fields this tool needs).</summary>
/// <param name="Index">Position in the section header table.</param>
/// <param name="Name">Section name from the section header string table.</param>
/// <param name="Type">sh_type, e.g. <see cref="ElfFile.ShtGnuVerneed"/>.</param>
/// <param name="Offset">File offset of the section's bytes.</param>
/// <param name="Size">Size of the section's bytes.</param>
/// <param name="Link">sh_link: for symbol and version sections, the index of their string table.</param>
/// <param name="Info">sh_info: for version-need sections, the number of entries.</param>
/// <param name="EntrySize">sh_entsize, for tables of fixed-size entries.</param>
public readonly record struct ElfSection(int Index, string Name, uint Type, int Offset, int Size, int Link, uint Info, int EntrySize);

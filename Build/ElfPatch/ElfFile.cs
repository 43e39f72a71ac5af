using System.Buffers.Binary;
using System.Text;

namespace PiToolkit.ElfPatch;

/// <summary>
/// A bounds-checked, read-only view of a little-endian ELF64 file: header, sections and string
/// tables. Every offset read from the file is validated against the file's length before use, so a
/// truncated or hostile file fails with <see cref="ElfFormatException"/> rather than an
/// out-of-range read, and nothing is ever written through this type.
/// </summary>
public sealed class ElfFile
{
    /// <summary>SHT_DYNSYM: the dynamic symbol table.</summary>
    public const uint ShtDynSym = 11;
    /// <summary>SHT_GNU_verdef: versions this object defines.</summary>
    public const uint ShtGnuVerdef = 0x6ffffffd;
    /// <summary>SHT_GNU_verneed: versions this object needs from others.</summary>
    public const uint ShtGnuVerneed = 0x6ffffffe;
    /// <summary>SHT_GNU_versym: one version index per dynamic symbol.</summary>
    public const uint ShtGnuVersym = 0x6fffffff;

    private const int HeaderSize = 64;
    private const int SectionHeaderSize = 64;

    private readonly byte[] _bytes;

    private ElfFile(byte[] bytes, string source, IReadOnlyList<ElfSection> sections)
    {
        _bytes = bytes;
        Source = source;
        Sections = sections;
    }

    /// <summary>Where the bytes came from, for error messages.</summary>
    public string Source { get; }

    /// <summary>The section header table.</summary>
    public IReadOnlyList<ElfSection> Sections { get; }

    /// <summary>The file's bytes (the caller's copy to patch; this type never writes them).</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Parses and validates an ELF64 little-endian file's header and section table.</summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="source">A name for error messages (usually the path).</param>
    /// <exception cref="ElfFormatException">Not ELF, not ELF64 little-endian, or a header or section points outside the file.</exception>
    public static ElfFile Parse(byte[] bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < HeaderSize || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
            throw new ElfFormatException($"{source}: not an ELF file (no \\x7fELF magic number)");
        if (bytes[4] != 2)
            throw new ElfFormatException($"{source}: not a 64-bit ELF file (EI_CLASS = {bytes[4]})");
        if (bytes[5] != 1)
            throw new ElfFormatException($"{source}: not a little-endian ELF file (EI_DATA = {bytes[5]})");

        var span = bytes.AsSpan();
        ulong shoff = BinaryPrimitives.ReadUInt64LittleEndian(span[40..]);
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(span[58..]);
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(span[60..]);
        int shstrndx = BinaryPrimitives.ReadUInt16LittleEndian(span[62..]);
        if (shentsize != SectionHeaderSize)
            throw new ElfFormatException($"{source}: section header entry size is {shentsize}, expected {SectionHeaderSize}");
        if (shnum == 0 || shstrndx >= shnum)
            throw new ElfFormatException($"{source}: no section header table or string table index {shstrndx} out of range ({shnum} sections)");
        CheckRange(bytes, shoff, (ulong)shnum * SectionHeaderSize, source, "section header table");

        var raw = new (uint Name, uint Type, int Offset, int Size, int Link, uint Info, int EntSize)[shnum];
        for (int i = 0; i < shnum; i++)
        {
            var h = span.Slice((int)shoff + i * SectionHeaderSize, SectionHeaderSize);
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(h[4..]);
            ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(h[24..]);
            ulong size = BinaryPrimitives.ReadUInt64LittleEndian(h[32..]);
            const uint ShtNoBits = 8;
            if (type != ShtNoBits && type != 0)
                CheckRange(bytes, offset, size, source, $"section {i}");
            else
                offset = size = 0;
            raw[i] = (BinaryPrimitives.ReadUInt32LittleEndian(h), type, (int)offset, (int)size,
                (int)BinaryPrimitives.ReadUInt32LittleEndian(h[40..]), BinaryPrimitives.ReadUInt32LittleEndian(h[44..]),
                (int)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(h[56..]), int.MaxValue));
        }

        var names = raw[shstrndx];
        var sections = new ElfSection[shnum];
        for (int i = 0; i < shnum; i++)
        {
            var r = raw[i];
            if (r.Link < 0 || r.Link >= shnum)
                throw new ElfFormatException($"{source}: section {i} links to section {r.Link}, which does not exist");
            string name = ReadString(bytes, names.Offset, names.Size, r.Name, source);
            sections[i] = new ElfSection(i, name, r.Type, r.Offset, r.Size, r.Link, r.Info, r.EntSize);
        }
        return new ElfFile(bytes, source, sections);
    }

    /// <summary>The single section of the given type, or null if there is none.</summary>
    /// <exception cref="ElfFormatException">More than one section has that type.</exception>
    public ElfSection? FindSection(uint type)
    {
        ElfSection? found = null;
        foreach (var s in Sections)
        {
            if (s.Type != type) continue;
            if (found is not null)
                throw new ElfFormatException($"{Source}: more than one section of type 0x{type:x}");
            found = s;
        }
        return found;
    }

    /// <summary>Reads a NUL-terminated string at <paramref name="offset"/> inside the string table section <paramref name="table"/>.</summary>
    /// <exception cref="ElfFormatException">The offset or the string runs outside the table.</exception>
    public string ReadString(ElfSection table, uint offset) => ReadString(_bytes, table.Offset, table.Size, offset, Source);

    /// <summary>Checks that <paramref name="length"/> bytes at <paramref name="offset"/> inside <paramref name="section"/> exist, returning the absolute file offset.</summary>
    /// <exception cref="ElfFormatException">The range leaves the section.</exception>
    public int At(ElfSection section, long offset, int length, string what)
    {
        if (offset < 0 || length < 0 || offset + length > section.Size)
            throw new ElfFormatException($"{Source}: {what} at offset {offset} runs outside section {section.Name} ({section.Size} bytes)");
        return section.Offset + (int)offset;
    }

    private static string ReadString(byte[] bytes, int tableOffset, int tableSize, uint offset, string source)
    {
        if (offset >= (uint)tableSize)
            throw new ElfFormatException($"{source}: string offset {offset} outside its string table ({tableSize} bytes)");
        var tail = bytes.AsSpan(tableOffset + (int)offset, tableSize - (int)offset);
        int end = tail.IndexOf((byte)0);
        if (end < 0)
            throw new ElfFormatException($"{source}: unterminated string at offset {offset}");
        return Encoding.ASCII.GetString(tail[..end]);
    }

    private static void CheckRange(byte[] bytes, ulong offset, ulong size, string source, string what)
    {
        if (offset > (ulong)bytes.Length || size > (ulong)bytes.Length - offset)
            throw new ElfFormatException($"{source}: {what} (offset {offset}, {size} bytes) runs past the end of the file ({bytes.Length} bytes); the file is truncated or corrupt");
    }
}

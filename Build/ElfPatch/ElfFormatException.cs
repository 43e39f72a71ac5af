namespace PiToolkit.ElfPatch;

/// <summary>The bytes are not an ELF file this tool can safely read or patch; the message names what is wrong.</summary>
public sealed class ElfFormatException : Exception
{
    /// <summary>Creates the exception with a message naming the file and the defect.</summary>
    public ElfFormatException(string message) : base(message) { }
}

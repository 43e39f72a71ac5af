using System.Text;

namespace PiToolkit.ModelFormat.IO;

/// <summary>
/// Replaces a file through a temporary file in the same folder and a rename. A crash or an exception
/// while writing leaves either the old file or the new one, never a torn mix: readers of checkpoints,
/// model files and patched libraries only ever see complete files. Renaming also replaces the
/// directory entry instead of writing through it, so a destination that is a hard link into a shared
/// cache (NuGet's) is never modified in place.
/// </summary>
/// <remarks>
/// The temporary file sits beside the destination because a rename is only atomic within one file
/// system; its name is unique per call so that two writers never share a temporary file. On Unix an
/// existing destination's permission bits are carried over, so replacing an executable or a shared
/// library keeps it usable.
/// </remarks>
public static class AtomicFile
{
    /// <summary>The suffix every temporary file ends with (left behind only if the process dies mid-write).</summary>
    public const string TemporarySuffix = ".tmp";

    /// <summary>
    /// Replaces <paramref name="path"/> with what <paramref name="writeTemporary"/> writes to the path it
    /// is given. Use this form for writers that only take a path (TorchSharp's <c>save</c>).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="IOException">The temporary file cannot be written or renamed; the destination is unchanged.</exception>
    /// <remarks>Whatever <paramref name="writeTemporary"/> throws propagates after the temporary file is deleted; the destination is unchanged.</remarks>
    public static void Write(string path, Action<string> writeTemporary)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(writeTemporary);
        string full = Path.GetFullPath(path);
        string temporary = $"{full}.{Guid.NewGuid():N}{TemporarySuffix}";
        try
        {
            writeTemporary(temporary);
            if (!File.Exists(temporary))
                throw new IOException($"{path}: the writer produced no file");
            if (!OperatingSystem.IsWindows() && File.Exists(full))
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(full));
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>Replaces <paramref name="path"/> with <paramref name="bytes"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="IOException">The file cannot be written or renamed; the destination is unchanged.</exception>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Write(path, temporary => File.WriteAllBytes(temporary, bytes));
    }

    /// <summary>Replaces <paramref name="path"/> with <paramref name="text"/> in UTF-8 without a byte-order mark.</summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="IOException">The file cannot be written or renamed; the destination is unchanged.</exception>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(path, temporary => File.WriteAllText(temporary, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)));
    }
}

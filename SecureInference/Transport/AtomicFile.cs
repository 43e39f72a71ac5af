namespace PiToolkit.SecureInference.Transport;

/// <summary>
/// Writes a whole file or nothing: a temporary file beside the target (same file system, so the
/// rename is atomic), flushed to disk, then renamed over it. Secret files are created owner-only
/// (0600) from the first byte, never chmod-ed afterwards, so there is no window where others can read
/// them, and an existing file is never replaced unless asked.
/// </summary>
/// <remarks>
/// The toolkit's general write-then-rename helper belongs below every project (the pending ModelFormat
/// project); it replaces files and carries the old file's permission bits over, which is right for
/// model files and wrong for a private key replacing a world-readable file. Once it can create
/// owner-only and refuse an existing target, this class should forward to it.
/// </remarks>
internal static class AtomicFile
{
    /// <exception cref="IOException">The target exists and <paramref name="overwrite"/> is false, or writing fails.</exception>
    public static void Write(string path, ReadOnlySpan<byte> content, bool overwrite, bool ownerOnly)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        if (!overwrite && (File.Exists(full) || Directory.Exists(full)))
        {
            throw new IOException($"{path} already exists; choose another name or pass --force to replace it.");
        }
        string folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (ownerOnly && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            // Without overwrite the move refuses a target that appeared since the check above.
            File.Move(temp, full, overwrite);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}

using PiToolkit.ElfPatch;

// Usage: PiToolkit.ElfPatch [--force] <folder-or-file>...
// Folders are searched recursively for libLibTorchSharp.so. Without --force nothing is touched when
// the system libstdc++ already defines the version.
bool force = args.Contains("--force");
var targets = args.Where(a => a != "--force").ToList();
if (targets.Count == 0)
{
    Console.Error.WriteLine("usage: PiToolkit.ElfPatch [--force] <folder-or-file>...");
    return 2;
}

if (!force)
{
    string? libstdcxx = SystemLibStdCxx.Locate();
    if (libstdcxx is not null && SystemLibStdCxx.Defines(libstdcxx, LibTorchSharpPatcher.Version))
        return 0; // The system can satisfy the requirement: leave TorchSharp exactly as shipped.
}

try
{
    foreach (var target in targets)
    {
        var files = Directory.Exists(target)
            ? Directory.EnumerateFiles(target, LibTorchSharpPatcher.LibraryFileName, SearchOption.AllDirectories)
            : File.Exists(target) ? [target] : throw new FileNotFoundException($"{target}: no such file or folder");
        foreach (var file in files)
        {
            var outcome = LibTorchSharpPatcher.PatchFile(file);
            if (outcome == PatchOutcome.Patched)
                Console.WriteLine($"ElfPatch: marked {LibTorchSharpPatcher.Version} weak in {file}");
        }
    }
    return 0;
}
catch (Exception e) when (e is ElfFormatException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"ElfPatch: error: {e.Message}");
    return 1;
}

using System.Diagnostics;

namespace PiToolkit.ElfPatch;

/// <summary>Finds the libstdc++ the dynamic loader will use and tells which symbol versions it defines.</summary>
public static class SystemLibStdCxx
{
    private static readonly string[] WellKnownPaths =
    [
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
    ];

    /// <summary>The path of the system libstdc++.so.6, or null when none is found.</summary>
    public static string? Locate()
    {
        foreach (var line in LdconfigCache())
        {
            // "	libstdc++.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libstdc++.so.6"
            var trimmed = line.Trim();
            if (!trimmed.StartsWith("libstdc++.so.6 ", StringComparison.Ordinal) || !trimmed.Contains("x86-64", StringComparison.Ordinal)) continue;
            int arrow = trimmed.IndexOf("=> ", StringComparison.Ordinal);
            if (arrow > 0 && File.Exists(trimmed[(arrow + 3)..])) return trimmed[(arrow + 3)..];
        }
        return WellKnownPaths.FirstOrDefault(File.Exists);
    }

    /// <summary>Whether the libstdc++ at <paramref name="path"/> defines <paramref name="version"/>.</summary>
    /// <exception cref="ElfFormatException">The file is not a readable ELF64 library.</exception>
    public static bool Defines(string path, string version) =>
        VersionNeeds.ReadDefinitions(ElfFile.Parse(File.ReadAllBytes(path), path)).Contains(version);

    private static IEnumerable<string> LdconfigCache()
    {
        foreach (var ldconfig in new[] { "/sbin/ldconfig", "/usr/sbin/ldconfig" })
        {
            if (!File.Exists(ldconfig)) continue;
            string output;
            try
            {
                var info = new ProcessStartInfo(ldconfig, "-p") { RedirectStandardOutput = true, UseShellExecute = false };
                using var process = Process.Start(info)!;
                output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
            }
            catch (System.ComponentModel.Win32Exception)
            {
                continue;
            }
            return output.Split('\n');
        }
        return [];
    }
}

using PiToolkit.ElfPatch;

namespace PiToolkit.Build.Tests;

public sealed class SystemLibStdCxxTests
{
    [Fact]
    public void The_system_libstdcxx_is_found_and_its_version_definitions_are_read()
    {
        string? path = SystemLibStdCxx.Locate();
        Assert.NotNull(path);
        var definitions = VersionNeeds.ReadDefinitions(ElfFile.Parse(File.ReadAllBytes(path!), path!));
        // Every libstdc++ since GCC 3.4 defines these; a reader that returned nothing would fail here.
        Assert.Contains("GLIBCXX_3.4", definitions);
        Assert.Contains("CXXABI_1.3", definitions);
        Assert.True(SystemLibStdCxx.Defines(path!, "GLIBCXX_3.4"));
        Assert.False(SystemLibStdCxx.Defines(path!, "GLIBCXX_99.0"));
    }

    [Fact]
    public void Build_outputs_that_use_torch_were_patched_exactly_when_the_system_lacks_the_version()
    {
        string? system = SystemLibStdCxx.Locate();
        Assert.NotNull(system);
        bool systemHasIt = SystemLibStdCxx.Defines(system!, LibTorchSharpPatcher.Version);
        // The CLI's build output sits beside this test project in the repository.
        string repo = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
        var cliCopies = Directory.Exists(Path.Combine(repo, "Cli", "bin"))
            ? Directory.GetFiles(Path.Combine(repo, "Cli", "bin"), LibTorchSharpPatcher.LibraryFileName, SearchOption.AllDirectories)
            : [];
        Assert.NotEmpty(cliCopies);
        foreach (var copy in cliCopies)
        {
            var need = VersionNeeds.Read(ElfFile.Parse(File.ReadAllBytes(copy), copy)).Single(n => n.Version == LibTorchSharpPatcher.Version);
            Assert.Equal(!systemHasIt, need.IsWeak);
        }
    }
}

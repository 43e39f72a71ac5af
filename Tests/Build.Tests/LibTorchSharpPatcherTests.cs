using System.Buffers.Binary;
using PiToolkit.ElfPatch;

namespace PiToolkit.Build.Tests;

/// <summary>
/// Works on copies of the real, unpatched libLibTorchSharp.so that the TorchSharp package puts in
/// this test project's output (this project does not run the patch step on itself).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LibTorchSharpPatcherTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pitk-elfpatch-").FullName;

    private static string Original => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", LibTorchSharpPatcher.LibraryFileName);

    private string CopyOfOriginal()
    {
        string copy = Path.Combine(_folder, LibTorchSharpPatcher.LibraryFileName);
        File.Copy(Original, copy, overwrite: true);
        return copy;
    }

    private static VersionNeed Need(byte[] bytes) =>
        VersionNeeds.Read(ElfFile.Parse(bytes, "test")).Single(n => n.Version == LibTorchSharpPatcher.Version);

    [Fact]
    public void The_shipped_library_needs_GLIBCXX_3_4_32_strongly_for_only_ios_base_library_init()
    {
        byte[] bytes = File.ReadAllBytes(Original);
        var need = Need(bytes);
        Assert.Equal("libstdc++.so.6", need.Library);
        Assert.False(need.IsWeak);
        var users = VersionNeeds.SymbolsUsing(ElfFile.Parse(bytes, "test"), need.Index);
        Assert.Equal([(LibTorchSharpPatcher.ExpectedSymbol, true)], users);
    }

    [Fact]
    public void Patching_sets_only_the_weak_bit_of_that_one_entry()
    {
        byte[] original = File.ReadAllBytes(Original);
        byte[] patched = (byte[])original.Clone();
        Assert.Equal(PatchOutcome.Patched, LibTorchSharpPatcher.PatchInMemory(patched, "copy"));

        var differing = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        var need = Need(original);
        Assert.Equal([need.FlagsFileOffset], differing);
        Assert.Equal(original[need.FlagsFileOffset] | VersionNeeds.WeakFlag, patched[need.FlagsFileOffset]);
        Assert.True(Need(patched).IsWeak);

        var otherNeeds = (ElfFile.Parse(original, "a"), ElfFile.Parse(patched, "b"));
        Assert.Equal(
            VersionNeeds.Read(otherNeeds.Item1).Where(n => n.Version != LibTorchSharpPatcher.Version),
            VersionNeeds.Read(otherNeeds.Item2).Where(n => n.Version != LibTorchSharpPatcher.Version));
    }

    [Fact]
    public void Patching_a_file_twice_is_idempotent()
    {
        string copy = CopyOfOriginal();
        Assert.Equal(PatchOutcome.Patched, LibTorchSharpPatcher.PatchFile(copy));
        byte[] once = File.ReadAllBytes(copy);
        var writeTime = File.GetLastWriteTimeUtc(copy);

        Assert.Equal(PatchOutcome.AlreadyWeak, LibTorchSharpPatcher.PatchFile(copy));
        Assert.Equal(once, File.ReadAllBytes(copy));
        Assert.Equal(writeTime, File.GetLastWriteTimeUtc(copy));
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public void Patching_keeps_the_file_mode()
    {
        string copy = CopyOfOriginal();
        File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead);
        LibTorchSharpPatcher.PatchFile(copy);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead, File.GetUnixFileMode(copy));
    }

    [Theory]
    [InlineData("not an ELF file at all, just some text that is long enough to hold a header ..............")]
    [InlineData("")]
    public void Non_ELF_input_is_refused_and_left_untouched(string content)
    {
        string path = Path.Combine(_folder, LibTorchSharpPatcher.LibraryFileName);
        File.WriteAllText(path, content);
        var error = Assert.Throws<ElfFormatException>(() => LibTorchSharpPatcher.PatchFile(path));
        Assert.Contains("not an ELF file", error.Message);
        Assert.Equal(content, File.ReadAllText(path));
    }

    [Fact]
    public void A_32_bit_or_big_endian_ELF_header_is_refused()
    {
        byte[] bytes = File.ReadAllBytes(Original);
        bytes[4] = 1; // ELFCLASS32
        Assert.Contains("64-bit", Assert.Throws<ElfFormatException>(() => LibTorchSharpPatcher.PatchInMemory(bytes, "x")).Message);
        bytes = File.ReadAllBytes(Original);
        bytes[5] = 2; // ELFDATA2MSB
        Assert.Contains("little-endian", Assert.Throws<ElfFormatException>(() => LibTorchSharpPatcher.PatchInMemory(bytes, "x")).Message);
    }

    [Fact]
    public void A_truncated_library_is_refused_and_left_untouched()
    {
        string path = Path.Combine(_folder, LibTorchSharpPatcher.LibraryFileName);
        byte[] truncated = File.ReadAllBytes(Original)[..200_000];
        File.WriteAllBytes(path, truncated);
        var error = Assert.Throws<ElfFormatException>(() => LibTorchSharpPatcher.PatchFile(path));
        Assert.Contains("truncated", error.Message);
        Assert.Equal(truncated, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_version_used_by_another_symbol_is_not_weakened()
    {
        byte[] bytes = File.ReadAllBytes(Original);
        var elf = ElfFile.Parse(bytes, "x");
        var need = Need(bytes);
        var versym = elf.FindSection(ElfFile.ShtGnuVersym)!.Value;
        // Point some other imported symbol's version at GLIBCXX_3.4.32, as if it were really used.
        int other = Enumerable.Range(1, versym.Size / 2).First(i =>
            BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(versym.Offset + 2 * i)) is > 1 and var v && v != need.Index);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(versym.Offset + 2 * other), need.Index);

        var error = Assert.Throws<ElfFormatException>(() => LibTorchSharpPatcher.PatchInMemory(bytes, "x"));
        Assert.Contains("only _ZSt21ios_base_library_initv", error.Message);
        Assert.False(Need(bytes).IsWeak);
    }

    [Fact]
    public void A_library_without_the_version_is_reported_as_not_requiring_it()
    {
        string? libstdcxx = SystemLibStdCxx.Locate();
        Assert.NotNull(libstdcxx);
        byte[] bytes = File.ReadAllBytes(libstdcxx!);
        Assert.Equal(PatchOutcome.NotRequired, LibTorchSharpPatcher.PatchInMemory(bytes, libstdcxx!));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

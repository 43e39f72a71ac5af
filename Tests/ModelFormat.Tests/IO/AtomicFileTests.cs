using PiToolkit.ModelFormat.IO;

namespace PiToolkit.ModelFormat.Tests.IO;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pitk-atomic-").FullName;

    private string In(string name) => Path.Combine(_folder, name);

    [Fact]
    public void A_write_replaces_the_file_and_leaves_no_temporary_behind()
    {
        AtomicFile.WriteAllText(In("a.txt"), "old");
        AtomicFile.WriteAllText(In("a.txt"), "new");
        AtomicFile.WriteAllBytes(In("b.bin"), [1, 2, 3]);
        Assert.Equal("new", File.ReadAllText(In("a.txt")));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(In("b.bin")));
        Assert.Equal(["a.txt", "b.bin"], Directory.GetFiles(_folder).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void A_writer_that_throws_leaves_the_old_file_and_no_temporary()
    {
        AtomicFile.WriteAllText(In("a.txt"), "old");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(In("a.txt"), temporary =>
        {
            File.WriteAllText(temporary, "half");
            throw new InvalidOperationException("disk full");
        }));
        Assert.Equal("old", File.ReadAllText(In("a.txt")));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void A_writer_that_writes_nothing_is_an_IO_error_and_changes_nothing()
    {
        AtomicFile.WriteAllText(In("a.txt"), "old");
        Assert.Contains("produced no file", Assert.Throws<IOException>(() => AtomicFile.Write(In("a.txt"), _ => { })).Message);
        Assert.Equal("old", File.ReadAllText(In("a.txt")));
    }

    [Fact]
    public void Replacing_keeps_the_permission_bits_and_does_not_write_through_a_hard_link()
    {
        if (OperatingSystem.IsWindows()) return;
        string shared = In("shared.so"), link = In("link.so");
        File.WriteAllBytes(shared, [1]);
        File.SetUnixFileMode(shared, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // .NET has no hard-link API; ln is what the NuGet cache's hard links look like anyway.
        using (var ln = System.Diagnostics.Process.Start("ln", [shared, link])) ln.WaitForExit();
        Assert.Equal([1], File.ReadAllBytes(link));
        AtomicFile.WriteAllBytes(link, [2]);
        Assert.Equal([1], File.ReadAllBytes(shared));
        Assert.Equal([2], File.ReadAllBytes(link));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(link));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

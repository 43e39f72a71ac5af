namespace PiToolkit.Bench.Tests;

/// <summary>A temporary folder deleted at the end of a test.</summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>The folder's path.</summary>
    public string Path { get; } = Directory.CreateTempSubdirectory("pitk-bench-test-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

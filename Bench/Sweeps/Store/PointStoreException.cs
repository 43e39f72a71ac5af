namespace PiToolkit.Bench.Sweeps.Store;

/// <summary>
/// A run folder that cannot be used as asked: a point record that does not parse or names another
/// point than its file, or a resumption with settings that would mix incomparable points.
/// </summary>
public sealed class PointStoreException : IOException
{
    /// <summary>Creates the exception with the line to show.</summary>
    public PointStoreException(string message) : base(message) { }

    /// <summary>Creates the exception with the line to show and its cause.</summary>
    public PointStoreException(string message, Exception inner) : base(message, inner) { }
}

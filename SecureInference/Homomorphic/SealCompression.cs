namespace PiToolkit.SecureInference.Homomorphic;

/// <summary>Compression SEAL applies when saving (SEAL's <c>compr_mode_type</c>).</summary>
public enum SealCompression
{
    /// <summary>No compression: fastest, largest.</summary>
    None = 0,

    /// <summary>zlib (deflate).</summary>
    Zlib = 1,

    /// <summary>Zstandard: SEAL's default and usually the smallest.</summary>
    Zstd = 2,
}

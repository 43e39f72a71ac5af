using PiToolkit.SecureInference.Homomorphic.Interop;

namespace PiToolkit.SecureInference.Homomorphic;

/// <summary>Galois (rotation) keys, SEAL's <c>GaloisKeys</c>, in the WASM heap.</summary>
public sealed class GaloisKeys : IDisposable
{
    internal GaloisKeys(SealHandle handle) => Handle = handle;

    internal SealHandle Handle { get; }

    /// <summary>Loads Galois keys saved by <see cref="Save"/> or <see cref="KeyGenerator.SaveGaloisKeys"/>, validated against <paramref name="context"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is null.</exception>
    /// <exception cref="SealFormatException">The bytes are truncated, corrupt, or for other parameters.</exception>
    /// <exception cref="ObjectDisposedException">The context or its runtime was disposed.</exception>
    public static GaloisKeys Load(SealContext context, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new(context.Runtime.Load("GaloisKeys", context, bytes, typeof(GaloisKeys)));
    }

    /// <summary>Serializes in SEAL's format.</summary>
    /// <exception cref="ObjectDisposedException">The keys were disposed.</exception>
    public byte[] Save(SealCompression compression = SealCompression.Zstd) => Handle.Runtime.Save(Handle, compression);

    /// <summary>Releases the WASM-side object. Idempotent.</summary>
    public void Dispose() => Handle.Dispose();
}

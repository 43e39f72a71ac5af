using PiToolkit.SecureInference.Homomorphic.Interop;

namespace PiToolkit.SecureInference.Homomorphic;

/// <summary>A BFV public key (SEAL's <c>PublicKey</c>) in the WASM heap.</summary>
public sealed class PublicKey : IDisposable
{
    internal PublicKey(SealHandle handle) => Handle = handle;

    internal SealHandle Handle { get; }

    /// <summary>Loads a public key saved by <see cref="Save"/> or <see cref="KeyGenerator.SavePublicKey"/>, validated against <paramref name="context"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is null.</exception>
    /// <exception cref="SealFormatException">The bytes are truncated, corrupt, or for other parameters.</exception>
    /// <exception cref="ObjectDisposedException">The context or its runtime was disposed.</exception>
    public static PublicKey Load(SealContext context, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new(context.Runtime.Load("PublicKey", context, bytes, typeof(PublicKey)));
    }

    /// <summary>Serializes in SEAL's format.</summary>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public byte[] Save(SealCompression compression = SealCompression.Zstd) => Handle.Runtime.Save(Handle, compression);

    /// <summary>Releases the WASM-side object. Idempotent.</summary>
    public void Dispose() => Handle.Dispose();
}

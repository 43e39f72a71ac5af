using PiToolkit.SecureInference.Homomorphic.Interop;

namespace PiToolkit.SecureInference.Homomorphic;

/// <summary>A BFV ciphertext (SEAL's <c>Ciphertext</c>) in the WASM heap.</summary>
public sealed class Ciphertext : IDisposable
{
    /// <summary>Creates an empty ciphertext, e.g. as a destination for <see cref="Evaluator"/> operations.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="runtime"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The runtime was disposed.</exception>
    public Ciphertext(SealRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        Handle = runtime.Create(runtime.Functions.CiphertextCreate, typeof(Ciphertext));
    }

    private Ciphertext(SealHandle handle) => Handle = handle;

    internal SealHandle Handle { get; }

    /// <summary>Number of polynomials (2 when fresh, 3 after a ciphertext product).</summary>
    /// <exception cref="ObjectDisposedException">The ciphertext was disposed.</exception>
    public int Size => Convert.ToInt32(Handle.Runtime.Call(Handle.Runtime.Functions.CiphertextSize, Handle));

    /// <summary>
    /// Loads a ciphertext saved by <see cref="Save"/> or <see cref="Encryptor.EncryptSymmetricSerialized"/>
    /// (seeded ciphertexts are expanded). SEAL's validating load: the bytes must be well formed and
    /// valid for <paramref name="context"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is null.</exception>
    /// <exception cref="SealFormatException">The bytes are truncated, corrupt, or for other parameters.</exception>
    /// <exception cref="ObjectDisposedException">The context or its runtime was disposed.</exception>
    public static Ciphertext Load(SealContext context, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new(context.Runtime.Load("Ciphertext", context, bytes, typeof(Ciphertext)));
    }

    /// <summary>Serializes in SEAL's format (N = 8192, no compression: 524,401 bytes).</summary>
    /// <exception cref="ObjectDisposedException">The ciphertext was disposed.</exception>
    public byte[] Save(SealCompression compression = SealCompression.Zstd) => Handle.Runtime.Save(Handle, compression);

    /// <summary>A deep copy in the same runtime.</summary>
    /// <exception cref="ObjectDisposedException">The ciphertext was disposed.</exception>
    public Ciphertext Clone() => new(Handle.Runtime.Create(Handle.Runtime.Functions.Copy, typeof(Ciphertext), Handle));

    /// <summary>Releases the WASM-side object. Idempotent.</summary>
    public void Dispose() => Handle.Dispose();
}

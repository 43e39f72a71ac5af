using PiToolkit.SecureInference.Homomorphic.Interop;

namespace PiToolkit.SecureInference.Homomorphic;

/// <summary>A BFV plaintext polynomial (SEAL's <c>Plaintext</c>), made by <see cref="BatchEncoder"/> or <see cref="Decryptor"/>.</summary>
public sealed class Plaintext : IDisposable
{
    /// <summary>Creates an empty plaintext, e.g. as a destination for <see cref="BatchEncoder.Encode(ReadOnlySpan{ulong}, Plaintext)"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="runtime"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The runtime was disposed.</exception>
    public Plaintext(SealRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        Handle = runtime.Create(runtime.Functions.PlaintextCreate, typeof(Plaintext));
    }

    internal SealHandle Handle { get; }

    /// <summary>Releases the WASM-side object. Idempotent.</summary>
    public void Dispose() => Handle.Dispose();
}

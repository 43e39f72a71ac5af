using PiToolkit.SecureInference.Homomorphic.Interop;

namespace PiToolkit.SecureInference.Homomorphic;

/// <summary>
/// A BFV secret key (SEAL's <c>SecretKey</c>) in the WASM heap. Deliberately not serializable: it
/// never leaves the party that generated it.
/// </summary>
public sealed class SecretKey : IDisposable
{
    internal SecretKey(SealHandle handle) => Handle = handle;

    internal SealHandle Handle { get; }

    /// <summary>Releases the WASM-side object. Idempotent.</summary>
    public void Dispose() => Handle.Dispose();
}

using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Homomorphic;

/// <summary>
/// SEAL objects loaded from the other party's bytes: SEAL's validating load, with any failure
/// reported as <see cref="ProtocolException"/> (the one exception family for bad peer input) and the
/// <see cref="SealFormatException"/> kept as its inner exception. Protocol code loads every
/// ciphertext and key it receives through here, never through the types' <c>Load</c> directly.
/// </summary>
public static class PeerBytes
{
    /// <summary>Loads a ciphertext the peer sent.</summary>
    /// <param name="context">The session's context.</param>
    /// <param name="bytes">The peer's bytes (null counts as missing).</param>
    /// <param name="what">Names the object in the error, e.g. "request ciphertext 2 of layer conv1".</param>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is null.</exception>
    /// <exception cref="ProtocolException">The bytes are missing, malformed or for other parameters.</exception>
    /// <exception cref="ObjectDisposedException">The context was disposed.</exception>
    public static Ciphertext LoadCiphertext(SealContext context, byte[]? bytes, string what) =>
        Load(context, bytes, what, static (c, b) => Ciphertext.Load(c, b));

    /// <summary>Loads the peer's public key.</summary>
    /// <inheritdoc cref="LoadCiphertext" path="/param"/>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is null.</exception>
    /// <exception cref="ProtocolException">The bytes are missing, malformed or for other parameters.</exception>
    /// <exception cref="ObjectDisposedException">The context was disposed.</exception>
    public static PublicKey LoadPublicKey(SealContext context, byte[]? bytes, string what) =>
        Load(context, bytes, what, static (c, b) => PublicKey.Load(c, b));

    /// <summary>Loads the peer's Galois keys.</summary>
    /// <inheritdoc cref="LoadCiphertext" path="/param"/>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is null.</exception>
    /// <exception cref="ProtocolException">The bytes are missing, malformed or for other parameters.</exception>
    /// <exception cref="ObjectDisposedException">The context was disposed.</exception>
    public static GaloisKeys LoadGaloisKeys(SealContext context, byte[]? bytes, string what) =>
        Load(context, bytes, what, static (c, b) => GaloisKeys.Load(c, b));

    private static T Load<T>(SealContext context, byte[]? bytes, string what, Func<SealContext, byte[], T> load)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (bytes is null) throw new ProtocolException($"The peer's {what} is missing.");
        try
        {
            return load(context, bytes);
        }
        catch (SealFormatException e)
        {
            throw new ProtocolException($"The peer's {what} is not a valid SEAL object for this session: {e.SealMessage}", e);
        }
    }
}

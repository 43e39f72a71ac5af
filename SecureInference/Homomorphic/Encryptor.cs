using PiToolkit.SecureInference.Homomorphic.Interop;

namespace PiToolkit.SecureInference.Homomorphic;

/// <summary>SEAL's <c>Encryptor</c>: public-key encryption, and symmetric (seeded) encryption when given the secret key.</summary>
public sealed class Encryptor : IDisposable
{
    private readonly SealRuntime _runtime;
    private readonly bool _hasSecretKey;

    /// <summary>Creates an encryptor.</summary>
    /// <param name="context">The context.</param>
    /// <param name="publicKey">The public key, for <see cref="Encrypt(Plaintext)"/> and <see cref="EncryptZero"/>.</param>
    /// <param name="secretKey">Optionally the secret key, for <see cref="EncryptSymmetricSerialized"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> or <paramref name="publicKey"/> is null.</exception>
    /// <exception cref="SealException">A key is not valid for the context.</exception>
    /// <exception cref="ObjectDisposedException">An argument was disposed.</exception>
    public Encryptor(SealContext context, PublicKey publicKey, SecretKey? secretKey = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(publicKey);
        _runtime = context.Runtime;
        _hasSecretKey = secretKey is not null;
        Handle = secretKey is null
            ? _runtime.Create(_runtime.Functions.EncryptorCreate, typeof(Encryptor), context.Handle, publicKey.Handle, 0)
            : _runtime.Create(_runtime.Functions.EncryptorCreate, typeof(Encryptor), context.Handle, publicKey.Handle, secretKey.Handle);
    }

    internal SealHandle Handle { get; }

    /// <summary>Encrypts with the public key into a new ciphertext.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="plaintext"/> is null.</exception>
    /// <exception cref="SealException">The plaintext is not valid for the context.</exception>
    /// <exception cref="ObjectDisposedException">An object was disposed.</exception>
    public Ciphertext Encrypt(Plaintext plaintext)
    {
        var destination = new Ciphertext(_runtime);
        try
        {
            Encrypt(plaintext, destination);
            return destination;
        }
        catch
        {
            destination.Dispose();
            throw;
        }
    }

    /// <summary>Encrypts with the public key into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SealException">The plaintext is not valid for the context.</exception>
    /// <exception cref="ObjectDisposedException">An object was disposed.</exception>
    public void Encrypt(Plaintext plaintext, Ciphertext destination)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(destination);
        _runtime.Call(_runtime.Functions.Encrypt, Handle, plaintext.Handle, destination.Handle);
    }

    /// <summary>A fresh public-key encryption of zero (used to re-randomise ciphertexts).</summary>
    /// <exception cref="ObjectDisposedException">The encryptor was disposed.</exception>
    public Ciphertext EncryptZero()
    {
        var destination = new Ciphertext(_runtime);
        try
        {
            _runtime.Call(_runtime.Functions.EncryptZero, Handle, destination.Handle);
            return destination;
        }
        catch
        {
            destination.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Encrypts with the secret key and serializes in seeded form: the uniform half of the
    /// ciphertext is replaced by its PRNG seed, so the bytes are about half of a public-key
    /// ciphertext's. <see cref="Ciphertext.Load"/> expands them.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="plaintext"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The encryptor was made without the secret key.</exception>
    /// <exception cref="ObjectDisposedException">An object was disposed.</exception>
    public byte[] EncryptSymmetricSerialized(Plaintext plaintext, SealCompression compression = SealCompression.Zstd)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        if (!_hasSecretKey)
            throw new InvalidOperationException("Symmetric encryption needs an Encryptor created with the secret key.");
        return SealRuntime.ReadBytes(_runtime.Call(_runtime.Functions.EncryptSymmetricSaved, Handle, plaintext.Handle, (int)compression));
    }

    /// <summary>Releases the WASM-side object. Idempotent.</summary>
    public void Dispose() => Handle.Dispose();
}

using PiToolkit.SecureInference.Homomorphic.Interop;

namespace PiToolkit.SecureInference.Homomorphic;

/// <summary>SEAL's <c>Decryptor</c>: decryption and the invariant noise budget.</summary>
public sealed class Decryptor : IDisposable
{
    private readonly SealRuntime _runtime;

    /// <summary>Creates a decryptor.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SealException">The key is not valid for the context.</exception>
    /// <exception cref="ObjectDisposedException">An argument was disposed.</exception>
    public Decryptor(SealContext context, SecretKey secretKey)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(secretKey);
        _runtime = context.Runtime;
        Handle = _runtime.Create(_runtime.Functions.DecryptorCreate, typeof(Decryptor), context.Handle, secretKey.Handle);
    }

    internal SealHandle Handle { get; }

    /// <summary>Decrypts into a new plaintext.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="ciphertext"/> is null.</exception>
    /// <exception cref="SealException">The ciphertext is not valid for the context.</exception>
    /// <exception cref="ObjectDisposedException">An object was disposed.</exception>
    public Plaintext Decrypt(Ciphertext ciphertext)
    {
        var destination = new Plaintext(_runtime);
        try
        {
            Decrypt(ciphertext, destination);
            return destination;
        }
        catch
        {
            destination.Dispose();
            throw;
        }
    }

    /// <summary>Decrypts into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SealException">The ciphertext is not valid for the context.</exception>
    /// <exception cref="ObjectDisposedException">An object was disposed.</exception>
    public void Decrypt(Ciphertext ciphertext, Plaintext destination)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        ArgumentNullException.ThrowIfNull(destination);
        _runtime.Call(_runtime.Functions.Decrypt, Handle, ciphertext.Handle, destination.Handle);
    }

    /// <summary>
    /// SEAL's invariant noise budget in bits: how much more noise the ciphertext tolerates before
    /// decryption fails (0 means it no longer decrypts correctly).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="ciphertext"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">An object was disposed.</exception>
    public int InvariantNoiseBudget(Ciphertext ciphertext)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        return Convert.ToInt32(_runtime.Call(_runtime.Functions.NoiseBudget, Handle, ciphertext.Handle));
    }

    /// <summary>Releases the WASM-side object. Idempotent.</summary>
    public void Dispose() => Handle.Dispose();
}

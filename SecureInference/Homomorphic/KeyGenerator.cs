using System.Globalization;
using PiToolkit.SecureInference.Homomorphic.Interop;

namespace PiToolkit.SecureInference.Homomorphic;

/// <summary>
/// SEAL's <c>KeyGenerator</c>: draws a fresh secret key (randomness from
/// <see cref="System.Security.Cryptography.RandomNumberGenerator"/> through the runtime) and derives
/// public and Galois keys from it.
/// </summary>
public sealed class KeyGenerator : IDisposable
{
    private readonly SealContext _context;

    /// <summary>Generates a new secret key for <paramref name="context"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The context or its runtime was disposed.</exception>
    public KeyGenerator(SealContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        Handle = context.Runtime.Create(context.Runtime.Functions.KeygenCreate, typeof(KeyGenerator), context.Handle);
    }

    internal SealHandle Handle { get; }

    private SealRuntime Runtime => _context.Runtime;

    /// <summary>A copy of the secret key.</summary>
    /// <exception cref="ObjectDisposedException">The generator was disposed.</exception>
    public SecretKey GetSecretKey() => new(Runtime.Create(Runtime.Functions.KeygenSecretKey, typeof(SecretKey), Handle));

    /// <summary>A new public key (fresh randomness each call).</summary>
    /// <exception cref="ObjectDisposedException">The generator was disposed.</exception>
    public PublicKey CreatePublicKey() => new(Runtime.Create(Runtime.Functions.KeygenPublicKey, typeof(PublicKey), Handle));

    /// <summary>A new public key, serialized in seeded form (about half the size of <see cref="PublicKey.Save"/>).</summary>
    /// <exception cref="ObjectDisposedException">The generator was disposed.</exception>
    public byte[] SavePublicKey(SealCompression compression = SealCompression.Zstd) =>
        SealRuntime.ReadBytes(Runtime.Call(Runtime.Functions.KeygenPublicKeySaved, Handle, (int)compression));

    /// <summary>Galois keys for SEAL's default set: row rotations by ±2^i and the column swap.</summary>
    /// <exception cref="ObjectDisposedException">The generator was disposed.</exception>
    public GaloisKeys CreateGaloisKeys() =>
        new(Runtime.Create(Runtime.Functions.KeygenGaloisKeys, typeof(GaloisKeys), Handle, string.Empty));

    /// <summary>Galois keys for exactly these row-rotation steps (each then costs one key switch).</summary>
    /// <param name="steps">Non-zero steps with |step| &lt; N/2; positive rotates left.</param>
    /// <exception cref="ArgumentException">No steps, or a step is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The generator was disposed.</exception>
    public GaloisKeys CreateGaloisKeys(ReadOnlySpan<int> steps) =>
        new(Runtime.Create(Runtime.Functions.KeygenGaloisKeys, typeof(GaloisKeys), Handle, FormatSteps(steps)));

    /// <summary>Galois keys for these steps, serialized in seeded form (about half the size) for sending.</summary>
    /// <param name="steps">Non-zero steps with |step| &lt; N/2; positive rotates left.</param>
    /// <param name="compression">SEAL's compression.</param>
    /// <exception cref="ArgumentException">No steps, or a step is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The generator was disposed.</exception>
    public byte[] SaveGaloisKeys(ReadOnlySpan<int> steps, SealCompression compression = SealCompression.Zstd) =>
        SealRuntime.ReadBytes(Runtime.Call(Runtime.Functions.KeygenGaloisKeysSaved, Handle, FormatSteps(steps), (int)compression));

    /// <summary>Releases the WASM-side object. Idempotent.</summary>
    public void Dispose() => Handle.Dispose();

    private string FormatSteps(ReadOnlySpan<int> steps)
    {
        if (steps.IsEmpty)
            throw new ArgumentException("At least one rotation step is required.", nameof(steps));
        int row = _context.Parameters.RowSize;
        var parts = new string[steps.Length];
        for (int i = 0; i < steps.Length; i++)
        {
            if (steps[i] == 0 || Math.Abs(steps[i]) >= row)
                throw new ArgumentException($"Rotation step {steps[i]} must be non-zero with |step| < {row}.", nameof(steps));
            parts[i] = steps[i].ToString(CultureInfo.InvariantCulture);
        }
        return string.Join(',', parts);
    }
}

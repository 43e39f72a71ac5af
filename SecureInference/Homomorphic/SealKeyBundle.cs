using System.Collections.Immutable;

namespace PiToolkit.SecureInference.Homomorphic;

/// <summary>
/// What the client of a homomorphic linear layer generates once per session: a context for the
/// parameters and, from one fresh secret key, the public key and the Galois keys for the rotation
/// steps the layer plans need. Owns all of them (and the key generator, which can derive more keys
/// from the same secret); disposing the bundle releases them. The server never holds a bundle: it
/// receives <see cref="SavePublicKey"/> and <see cref="SaveGaloisKeys"/> and loads them.
/// </summary>
public sealed class SealKeyBundle : IDisposable
{
    private GaloisKeys? _galoisKeys;
    private int _disposed;

    private SealKeyBundle(SealContext context, KeyGenerator generator, SecretKey secretKey, PublicKey publicKey, ImmutableArray<int> galoisSteps)
    {
        Context = context;
        KeyGenerator = generator;
        SecretKey = secretKey;
        PublicKey = publicKey;
        GaloisSteps = galoisSteps;
    }

    /// <summary>The context the keys belong to.</summary>
    public SealContext Context { get; }

    /// <summary>The encryption parameters (shortcut for <c>Context.Parameters</c>).</summary>
    public EncryptionParameters Parameters => Context.Parameters;

    /// <summary>The generator that made the keys (more Galois keys for other steps come from it).</summary>
    public KeyGenerator KeyGenerator { get; }

    /// <summary>The client's secret key. Never leaves the client.</summary>
    public SecretKey SecretKey { get; }

    /// <summary>The public key (the server re-randomises its responses with it).</summary>
    public PublicKey PublicKey { get; }

    /// <summary>
    /// Galois keys for <see cref="GaloisSteps"/>, or SEAL's default set (±2^i and the column swap) when
    /// that is empty; generated on first use. A client that only sends them
    /// (<see cref="SaveGaloisKeys"/>) never needs this object, and generating Galois keys is the
    /// expensive part of key generation, so it is not made up front.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The bundle was disposed.</exception>
    public GaloisKeys GaloisKeys
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            return _galoisKeys ??= GaloisSteps.IsEmpty ? KeyGenerator.CreateGaloisKeys() : KeyGenerator.CreateGaloisKeys(GaloisSteps.AsSpan());
        }
    }

    /// <summary>The row-rotation steps <see cref="GaloisKeys"/> covers; empty for SEAL's default set.</summary>
    public ImmutableArray<int> GaloisSteps { get; }

    /// <summary>
    /// Creates a context and fresh keys. Pass the union of <c>LinearLayerPlan.RotationSteps</c> of
    /// every layer: a Galois key per step costs megabytes, so asking for exactly the steps needed
    /// keeps what the client sends small.
    /// </summary>
    /// <param name="runtime">The SEAL runtime.</param>
    /// <param name="parameters">The encryption parameters.</param>
    /// <param name="galoisSteps">Non-zero row-rotation steps with |step| &lt; N/2 (duplicates are ignored); empty for SEAL's default set.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A step is 0 or out of range.</exception>
    /// <exception cref="ObjectDisposedException">The runtime was disposed.</exception>
    public static SealKeyBundle Create(SealRuntime runtime, EncryptionParameters parameters, ReadOnlySpan<int> galoisSteps = default)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(parameters);
        ImmutableArray<int> steps = [.. new SortedSet<int>(galoisSteps.ToArray())];
        var owned = new List<IDisposable>(4);
        try
        {
            // The runtime's shared context: making one costs about a second (see SealRuntime.SharedContext).
            var context = runtime.SharedContext(parameters);
            var generator = new KeyGenerator(context);
            owned.Add(generator);
            var secretKey = generator.GetSecretKey();
            owned.Add(secretKey);
            var publicKey = generator.CreatePublicKey();
            owned.Add(publicKey);
            return new SealKeyBundle(context, generator, secretKey, publicKey, steps);
        }
        catch
        {
            for (int i = owned.Count - 1; i >= 0; i--)
                owned[i].Dispose();
            throw;
        }
    }

    /// <summary>A fresh public key in SEAL's seeded form (about half the size of <c>PublicKey.Save</c>), for sending to the server.</summary>
    /// <exception cref="ObjectDisposedException">The bundle was disposed.</exception>
    public byte[] SavePublicKey(SealCompression compression = SealCompression.Zstd)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return KeyGenerator.SavePublicKey(compression);
    }

    /// <summary>Galois keys for <see cref="GaloisSteps"/> in seeded form, for sending to the server.</summary>
    /// <exception cref="InvalidOperationException">The bundle was made for SEAL's default set (no explicit steps).</exception>
    /// <exception cref="ObjectDisposedException">The bundle was disposed.</exception>
    public byte[] SaveGaloisKeys(SealCompression compression = SealCompression.Zstd)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (GaloisSteps.IsEmpty)
            throw new InvalidOperationException("This bundle holds SEAL's default Galois keys; create it with explicit steps to send them seeded.");
        return KeyGenerator.SaveGaloisKeys(GaloisSteps.AsSpan(), compression);
    }

    /// <summary>Releases the keys, the generator and the context. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _galoisKeys?.Dispose();
        PublicKey.Dispose();
        SecretKey.Dispose();
        KeyGenerator.Dispose();
        Context.Dispose();
    }
}

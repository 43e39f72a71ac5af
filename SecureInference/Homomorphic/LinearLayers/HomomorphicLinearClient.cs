namespace PiToolkit.SecureInference.Homomorphic.LinearLayers;

/// <summary>
/// The client's side of Delphi's offline linear layer: encrypt the mask r, then decrypt the
/// server's Enc(M·r − s) into the client's share M·r − s (mod p). Holds the secret key; the
/// ciphertexts it sends are symmetric and seeded (about half the size of public-key ones).
/// </summary>
public sealed class HomomorphicLinearClient : IDisposable
{
    private readonly SealContext _context;
    private readonly BatchEncoder _encoder;
    private readonly Encryptor _encryptor;
    private readonly Decryptor _decryptor;

    /// <summary>Creates the client's encoder, encryptor and decryptor for its key pair.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SealException">A key does not belong to the context.</exception>
    /// <exception cref="ObjectDisposedException">An argument was disposed.</exception>
    public HomomorphicLinearClient(SealContext context, PublicKey publicKey, SecretKey secretKey)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(secretKey);
        _context = context;
        _encoder = new BatchEncoder(context);
        try
        {
            _encryptor = new Encryptor(context, publicKey, secretKey);
            _decryptor = new Decryptor(context, secretKey);
        }
        catch
        {
            _encryptor?.Dispose();
            _encoder.Dispose();
            throw;
        }
    }

    /// <summary>Packs the mask r as the plan says and encrypts it: the request for the server.</summary>
    /// <param name="plan">The layer's packing (same plan as the server's).</param>
    /// <param name="mask">r, <see cref="LinearLayerPlan.InputCount"/> residues mod p.</param>
    /// <param name="compression">SEAL's compression for the serialized ciphertexts.</param>
    /// <exception cref="ArgumentNullException"><paramref name="plan"/> is null.</exception>
    /// <exception cref="ArgumentException">The plan is for other parameters, or the mask has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A mask value is not below p.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public IReadOnlyList<byte[]> EncryptInput(LinearLayerPlan plan, ReadOnlySpan<ulong> mask, SealCompression compression = SealCompression.Zstd)
    {
        LinearLayerChecks.Plan(plan, _context);
        if (mask.Length != plan.InputCount)
            throw new ArgumentException($"The mask has {mask.Length} values; the layer takes {plan.InputCount}.", nameof(mask));
        _context.Parameters.Field.CheckResidues(mask, nameof(mask));
        var slots = new ulong[_context.SlotCount];
        var request = new byte[plan.InputCiphertextCount][];
        for (int i = 0; i < request.Length; i++)
        {
            plan.PackInput(mask, i, slots);
            using var plain = _encoder.Encode(slots);
            request[i] = _encryptor.EncryptSymmetricSerialized(plain, compression);
        }
        Array.Clear(slots);
        return request;
    }

    /// <summary>Decrypts the server's response into the client's share M·r − s, values in [0, p).</summary>
    /// <param name="plan">The layer's packing.</param>
    /// <param name="response">The serialized ciphertexts from <see cref="HomomorphicLinearServer.Evaluate"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The plan is for other parameters.</exception>
    /// <exception cref="SealFormatException">The response has the wrong number of ciphertexts, or one is malformed or for other parameters.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public ulong[] DecryptOutput(LinearLayerPlan plan, IReadOnlyList<byte[]> response)
    {
        LinearLayerChecks.Plan(plan, _context);
        ArgumentNullException.ThrowIfNull(response);
        if (response.Count != plan.OutputCiphertextCount)
            throw new SealFormatException("Ciphertext", "count", $"expected {plan.OutputCiphertextCount} ciphertexts, got {response.Count}");
        int n = _context.SlotCount;
        var slots = new ulong[n * response.Count];
        for (int i = 0; i < response.Count; i++)
        {
            using var ciphertext = Ciphertext.Load(_context, response[i] ?? throw new SealFormatException("Ciphertext", "null", $"ciphertext {i} is missing"));
            using var plain = _decryptor.Decrypt(ciphertext);
            _encoder.Decode(plain, slots.AsSpan(i * n, n));
        }
        int[] positions = plan.OutputPositions();
        var share = new ulong[positions.Length];
        for (int i = 0; i < share.Length; i++)
            share[i] = slots[positions[i]];
        return share;
    }

    /// <summary>The noise budget left in a response ciphertext (diagnostics: choosing parameters).</summary>
    /// <exception cref="SealFormatException">The bytes are malformed.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public int NoiseBudget(ReadOnlySpan<byte> ciphertext)
    {
        using var loaded = Ciphertext.Load(_context, ciphertext);
        return _decryptor.InvariantNoiseBudget(loaded);
    }

    /// <summary>Releases the SEAL objects. Idempotent.</summary>
    public void Dispose()
    {
        _decryptor.Dispose();
        _encryptor.Dispose();
        _encoder.Dispose();
    }
}

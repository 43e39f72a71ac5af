using System.Security.Cryptography;

namespace PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;

/// <summary>
/// The client's side of a coefficient-encoded linear layer: Enc(r) as seeded symmetric ciphertexts
/// of coefficient plaintexts, and the share M·r − s read from the output coefficients. Holds its own
/// keys (secret, public; no Galois keys) in one SEAL runtime per worker.
/// </summary>
public sealed class CoefficientLinearClient : IDisposable
{
    private readonly CoefficientWorker[] _workers;
    private int _disposed;

    /// <summary>Generates fresh keys and starts <paramref name="workers"/> SEAL runtimes holding them.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workers"/> is below 1.</exception>
    public CoefficientLinearClient(EncryptionParameters parameters, int workers = 1)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        Parameters = parameters;
        _workers = new CoefficientWorker[workers];
        byte[]? secret = null;
        try
        {
            _workers[0] = CoefficientWorker.ForClient(parameters, default, default);
            if (workers > 1)
            {
                (byte[] pk, secret) = _workers[0].SaveKeys();
                for (int i = 1; i < workers; i++)
                    _workers[i] = CoefficientWorker.ForClient(parameters, pk, secret);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
        finally
        {
            if (secret is not null)
                CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>The encryption parameters.</summary>
    public EncryptionParameters Parameters { get; }

    /// <summary>Worker runtimes.</summary>
    public int WorkerCount => _workers.Length;

    /// <summary>
    /// A public key for the server in SEAL's seeded form (about half the bytes; each call draws a
    /// fresh one for the same secret key). It is the only key coefficient encoding needs.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public byte[] SavePublicKey(SealCompression compression = SealCompression.Zstd)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _workers[0].KeyGenerator!.SavePublicKey(compression);
    }

    /// <summary>Encrypts the mask r for one layer: <see cref="CoefficientLinearPlan.InputCiphertextCount"/> seeded symmetric ciphertexts.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="plan"/> is null.</exception>
    /// <exception cref="ArgumentException">The plan is for other parameters, or the mask has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A mask value is not below p.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public IReadOnlyList<byte[]> EncryptInput(CoefficientLinearPlan plan, ReadOnlySpan<ulong> mask, SealCompression compression = SealCompression.Zstd)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        CheckPlan(plan);
        if (mask.Length != plan.InputCount)
            throw new ArgumentException($"The mask has {mask.Length} values; the layer takes {plan.InputCount}.", nameof(mask));
        Parameters.Field.CheckResidues(mask, nameof(mask));
        ulong[] r = mask.ToArray();
        var request = new byte[plan.InputCiphertextCount][];
        try
        {
            Run(request.Length, (worker, i) =>
            {
                var coefficients = new ulong[Parameters.PolyModulusDegree];
                try
                {
                    plan.PackInput(r, i, coefficients);
                    using var plain = CoefficientCodec.Encode(worker.Context, coefficients);
                    request[i] = worker.Encryptor.EncryptSymmetricSerialized(plain, compression);
                }
                finally
                {
                    Array.Clear(coefficients);
                }
            });
        }
        finally
        {
            Array.Clear(r);
        }
        return request;
    }

    /// <summary>Decrypts the server's response into the share M·r − s (<see cref="CoefficientLinearPlan.OutputCount"/> residues).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The plan is for other parameters.</exception>
    /// <exception cref="SealFormatException">The response has the wrong number of ciphertexts, or one is malformed or for other parameters.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public ulong[] DecryptOutput(CoefficientLinearPlan plan, IReadOnlyList<byte[]> response)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        CheckPlan(plan);
        ArgumentNullException.ThrowIfNull(response);
        if (response.Count != plan.OutputCiphertextCount)
            throw new SealFormatException("Ciphertext", "count", $"expected {plan.OutputCiphertextCount} ciphertexts, got {response.Count}");
        for (int i = 0; i < response.Count; i++)
            if (response[i] is null)
                throw new SealFormatException("Ciphertext", "null", $"ciphertext {i} is missing");
        var share = new ulong[plan.OutputCount];
        Run(response.Count, (worker, i) =>
        {
            var coefficients = new ulong[Parameters.PolyModulusDegree];
            using (var ciphertext = Ciphertext.Load(worker.Context, response[i]))
            using (var plain = worker.Decryptor!.Decrypt(ciphertext))
                CoefficientCodec.Decode(worker.Context, plain, coefficients);
            // Each output is written by exactly one ciphertext, so workers never write the same index.
            foreach (var (coefficient, output) in plan.OutputPositions(i))
                share[output] = coefficients[coefficient];
            Array.Clear(coefficients);
        });
        return share;
    }

    /// <summary>SEAL's invariant noise budget (bits) of one response ciphertext (tests and measurements).</summary>
    /// <exception cref="SealFormatException">The bytes are not a ciphertext for these parameters.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public int NoiseBudget(ReadOnlySpan<byte> ciphertext)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        using var loaded = Ciphertext.Load(_workers[0].Context, ciphertext);
        return _workers[0].Decryptor!.InvariantNoiseBudget(loaded);
    }

    /// <summary>Releases the workers' runtimes and keys. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        foreach (var worker in _workers)
            worker?.Dispose();
    }

    private void CheckPlan(CoefficientLinearPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Parameters != Parameters)
            throw new ArgumentException("The plan is for other encryption parameters.", nameof(plan));
    }

    private void Run(int count, Action<CoefficientWorker, int> work)
    {
        try
        {
            CoefficientWorker.Spread(_workers, count, work);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            throw e.InnerExceptions[0];
        }
    }
}

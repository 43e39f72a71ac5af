namespace PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;

/// <summary>
/// One core's worth of SEAL: its own <see cref="SealRuntime"/> (a V8 isolate runs one thread at a
/// time, so one runtime is one core), rented from <see cref="SealRuntimePool"/>, with the context
/// and the keys loaded into it. Objects of different workers never mix.
/// </summary>
internal sealed class CoefficientWorker : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    private CoefficientWorker(SealRuntimeLease runtime, EncryptionParameters parameters)
    {
        Runtime = runtime.Runtime;
        _owned.Add(runtime);
        try
        {
            // Rented runtimes keep their context from session to session (see SealRuntime.SharedContext).
            Context = Runtime.SharedContext(parameters);
            Evaluator = Own(new Evaluator(Context));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public SealRuntime Runtime { get; }

    public SealContext Context { get; }

    public Evaluator Evaluator { get; }

    public Encryptor Encryptor { get; private set; } = null!;

    public Decryptor? Decryptor { get; private set; }

    /// <summary>A server worker: the client's public key (for the fresh encryptions of zero).</summary>
    public static CoefficientWorker ForServer(EncryptionParameters parameters, ReadOnlySpan<byte> publicKey)
    {
        var worker = new CoefficientWorker(SealRuntimePool.Shared.Lease(), parameters);
        try
        {
            var key = worker.Own(PublicKey.Load(worker.Context, publicKey));
            worker.Encryptor = worker.Own(new Encryptor(worker.Context, key));
            return worker;
        }
        catch
        {
            worker.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A client worker. The first one (<paramref name="secretKey"/> empty) generates the keys; the
    /// others load the same keys from the bytes <see cref="SaveKeys"/> gave.
    /// </summary>
    public static CoefficientWorker ForClient(EncryptionParameters parameters, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> secretKey)
    {
        var worker = new CoefficientWorker(SealRuntimePool.Shared.Lease(), parameters);
        try
        {
            PublicKey pk;
            SecretKey sk;
            if (secretKey.IsEmpty)
            {
                var generator = worker.Own(new KeyGenerator(worker.Context));
                worker.KeyGenerator = generator;
                sk = worker.Own(generator.GetSecretKey());
                pk = worker.Own(generator.CreatePublicKey());
            }
            else
            {
                pk = worker.Own(PublicKey.Load(worker.Context, publicKey));
                sk = worker.Own(new SecretKey(worker.Runtime.Load("SecretKey", worker.Context, secretKey, typeof(SecretKey))));
            }
            worker.PublicKey = pk;
            worker.SecretKey = sk;
            worker.Encryptor = worker.Own(new Encryptor(worker.Context, pk, sk));
            worker.Decryptor = worker.Own(new Decryptor(worker.Context, sk));
            return worker;
        }
        catch
        {
            worker.Dispose();
            throw;
        }
    }

    public PublicKey? PublicKey { get; private set; }

    /// <summary>The first client worker's key generator (for seeded public keys).</summary>
    public KeyGenerator? KeyGenerator { get; private set; }

    public SecretKey? SecretKey { get; private set; }

    /// <summary>The keys as bytes for the other workers of the same party (the secret key never leaves the process).</summary>
    public (byte[] PublicKey, byte[] SecretKey) SaveKeys() =>
        (PublicKey!.Save(SealCompression.None), Runtime.Save(SecretKey!.Handle, SealCompression.None));

    public void Dispose()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
            _owned[i].Dispose();
        _owned.Clear();
    }

    private T Own<T>(T item) where T : IDisposable
    {
        _owned.Add(item);
        return item;
    }

    /// <summary>Runs <paramref name="work"/>(worker, item) for items 0..count−1, contiguous ranges per worker, one thread each.</summary>
    public static void Spread(IReadOnlyList<CoefficientWorker> workers, int count, Action<CoefficientWorker, int> work)
    {
        int w = Math.Min(workers.Count, Math.Max(count, 1));
        if (w == 1)
        {
            for (int i = 0; i < count; i++)
                work(workers[0], i);
            return;
        }
        Parallel.For(0, w, new ParallelOptions { MaxDegreeOfParallelism = w }, k =>
        {
            int from = (int)((long)count * k / w), to = (int)((long)count * (k + 1) / w);
            for (int i = from; i < to; i++)
                work(workers[k], i);
        });
    }
}

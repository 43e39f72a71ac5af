namespace PiToolkit.SecureInference.Homomorphic;

/// <summary>A runtime rented from <see cref="SealRuntimePool"/>; disposing the lease gives it back once.</summary>
public sealed class SealRuntimeLease : IDisposable
{
    private readonly SealRuntimePool _pool;
    private SealRuntime? _runtime;

    internal SealRuntimeLease(SealRuntimePool pool, SealRuntime runtime)
    {
        _pool = pool;
        _runtime = runtime;
    }

    /// <summary>The rented runtime.</summary>
    /// <exception cref="ObjectDisposedException">The lease was given back.</exception>
    public SealRuntime Runtime => _runtime ?? throw new ObjectDisposedException(nameof(SealRuntimeLease));

    /// <summary>Gives the runtime back to the pool (after every SEAL object made in it was disposed). Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _runtime, null) is { } runtime)
            _pool.Return(runtime);
    }
}

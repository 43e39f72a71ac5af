using System.Collections.Concurrent;

namespace PiToolkit.SecureInference.Homomorphic;

/// <summary>
/// Idle <see cref="SealRuntime"/>s for everything that needs a runtime for one session or one run
/// (protocol parties, HE workers, a server's sessions) and gives it back after. The toolkit rents
/// from <see cref="Shared"/>.
/// </summary>
/// <remarks>
/// <para>Why a pool: starting a runtime costs about 0.3 s, and tearing a V8 isolate down while its
/// WebAssembly engine still has background tasks queued can block in native code (the race node.js
/// works around in nodejs/node#31795; ClearScript users report failures when isolates are made and
/// disposed back to back). Test runs that created and disposed several hundred runtimes hung in
/// that teardown in some runs; reusing runtimes makes teardown rare.</para>
/// <para>A runtime goes back only after its user disposed every SEAL object it made in it. Its
/// WebAssembly heap keeps its size (WebAssembly memory never shrinks), so at most
/// <see cref="MaxIdle"/> idle runtimes are kept and any beyond that are disposed.</para>
/// </remarks>
public sealed class SealRuntimePool
{
    private readonly ConcurrentBag<SealRuntime> _idle = [];
    private int _maxIdle;
    private long _created;
    private long _reused;

    /// <summary>A pool that keeps at most <paramref name="maxIdle"/> idle runtimes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxIdle"/> is negative.</exception>
    public SealRuntimePool(int maxIdle)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxIdle);
        _maxIdle = maxIdle;
    }

    /// <summary>
    /// The process's pool, keeping four idle runtimes per core and at least 8: a loopback run of two
    /// parties uses one runtime each plus one per HE worker, and the default is a worker per core.
    /// </summary>
    public static SealRuntimePool Shared { get; } = new(Math.Max(8, 4 * Environment.ProcessorCount));

    /// <summary>Idle runtimes kept for reuse; a server raises it to what its session limit uses.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int MaxIdle
    {
        get => Volatile.Read(ref _maxIdle);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref _maxIdle, value);
        }
    }

    /// <summary>Runtimes idle in the pool now.</summary>
    public int IdleCount => _idle.Count;

    /// <summary>Runtimes this pool has started (rents that found none idle).</summary>
    public long Created => Interlocked.Read(ref _created);

    /// <summary>Rents served by an idle runtime.</summary>
    public long Reused => Interlocked.Read(ref _reused);

    /// <summary>An idle runtime, or a new one when none is idle. Give it back with <see cref="Return"/>.</summary>
    /// <exception cref="FileNotFoundException">The node-seal assets are missing from the build output.</exception>
    /// <exception cref="SealException">A new engine could not load SEAL's module.</exception>
    public SealRuntime Rent()
    {
        while (_idle.TryTake(out var runtime))
        {
            // Someone disposed it after giving it back: drop it.
            if (runtime.IsDisposed)
                continue;
            Interlocked.Increment(ref _reused);
            return runtime;
        }
        var created = SealRuntime.Create();
        Interlocked.Increment(ref _created);
        return created;
    }

    /// <summary>Rents a runtime for a <c>using</c> scope: disposing the lease gives it back.</summary>
    /// <exception cref="FileNotFoundException">The node-seal assets are missing from the build output.</exception>
    /// <exception cref="SealException">A new engine could not load SEAL's module.</exception>
    public SealRuntimeLease Lease() => new(this, Rent());

    /// <summary>
    /// Gives a runtime back. The caller must have disposed every SEAL object it made in it. With
    /// <paramref name="reusable"/> false (SEAL failed in a way its state may not survive) or with
    /// <see cref="MaxIdle"/> runtimes already idle, the runtime is disposed instead.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="runtime"/> is null.</exception>
    public void Return(SealRuntime runtime, bool reusable = true)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        if (runtime.IsDisposed)
            return;
        if (reusable && _idle.Count < MaxIdle)
            _idle.Add(runtime);
        else
            runtime.Dispose();
    }
}

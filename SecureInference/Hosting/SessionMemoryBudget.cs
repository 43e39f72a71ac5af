using System.Globalization;

namespace PiToolkit.SecureInference.Hosting;

/// <summary>
/// The memory a session may hold (<see cref="SessionLimits.MaxSessionMemoryBytes"/>). The host charges
/// the channel buffers; the handler reserves before it allocates anything sized by the client
/// (key material, a pool of prepared offline batches), so a client cannot make the server hold more
/// than the operator allowed. Thread-safe.
/// </summary>
public sealed class SessionMemoryBudget
{
    private long _reserved;

    /// <summary>Creates a budget of <paramref name="limit"/> bytes.</summary>
    public SessionMemoryBudget(long limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        Limit = limit;
    }

    /// <summary>The limit in bytes.</summary>
    public long Limit { get; }

    /// <summary>Bytes reserved now.</summary>
    public long Reserved => Interlocked.Read(ref _reserved);

    /// <summary>Bytes still available.</summary>
    public long Available => Limit - Reserved;

    /// <summary>Reserves <paramref name="bytes"/> for <paramref name="purpose"/> (a public description, e.g. "Galois keys").</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bytes"/> is negative.</exception>
    /// <exception cref="SessionLimitException">The reservation would exceed the limit; nothing is reserved.</exception>
    public void Reserve(long bytes, string purpose)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        while (true)
        {
            long current = Interlocked.Read(ref _reserved);
            long next = current + bytes;
            if (next > Limit || next < current)
            {
                throw new SessionLimitException(string.Create(CultureInfo.InvariantCulture,
                    $"session memory limit: {purpose} needs {Mib(bytes)} with {Mib(current)} of {Mib(Limit)} already in use"));
            }
            if (Interlocked.CompareExchange(ref _reserved, next, current) == current) return;
        }
    }

    /// <summary>Returns <paramref name="bytes"/> reserved earlier.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bytes"/> is negative or more than is reserved.</exception>
    public void Release(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (Interlocked.Add(ref _reserved, -bytes) < 0)
        {
            Interlocked.Add(ref _reserved, bytes);
            throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "Released more than was reserved.");
        }
    }

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("0.#", CultureInfo.InvariantCulture) + " MiB";
}

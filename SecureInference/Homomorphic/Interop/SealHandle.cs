namespace PiToolkit.SecureInference.Homomorphic.Interop;

/// <summary>
/// Owns one entry of the runtime's JavaScript handle table (one SEAL object in the WASM heap). The
/// public wrappers hold one each. Disposal is idempotent and may race the finalizer: whoever wins
/// the <see cref="Interlocked.Exchange(ref int, int)"/> releases the id. The finalizer runs on the
/// GC's thread, and a V8 isolate must not be entered from there while another thread may hold it,
/// so it only queues the id; the runtime deletes queued objects at its next call, under its lock.
/// </summary>
internal sealed class SealHandle : IDisposable
{
    private readonly Type _ownerType;
    private int _id;

    internal SealHandle(SealRuntime runtime, int id, Type ownerType)
    {
        Runtime = runtime;
        _id = id;
        _ownerType = ownerType;
    }

    ~SealHandle()
    {
        int id = Interlocked.Exchange(ref _id, 0);
        if (id != 0)
            Runtime.QueueRelease(id);
    }

    /// <summary>The runtime whose handle table holds the object.</summary>
    public SealRuntime Runtime { get; }

    /// <summary>Whether <see cref="Dispose"/> ran.</summary>
    public bool IsDisposed => Volatile.Read(ref _id) == 0;

    /// <summary>The table id; call only under the runtime's lock so that it cannot be released meanwhile.</summary>
    /// <exception cref="ObjectDisposedException">The owner was disposed.</exception>
    public int Id
    {
        get
        {
            int id = Volatile.Read(ref _id);
            ObjectDisposedException.ThrowIf(id == 0, _ownerType);
            return id;
        }
    }

    /// <summary>Throws if disposed (for members that do not call into the runtime).</summary>
    public void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(IsDisposed, _ownerType);

    public void Dispose()
    {
        int id = Interlocked.Exchange(ref _id, 0);
        if (id == 0)
            return;
        GC.SuppressFinalize(this);
        Runtime.Release(id);
    }
}

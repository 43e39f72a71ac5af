using System.Security.Cryptography;
using PiToolkit.SecureInference.Homomorphic.Interop;

namespace PiToolkit.SecureInference.Homomorphic;

/// <summary>
/// Microsoft SEAL 4.1.2 (node-seal 7.0.0, compiled to WebAssembly) running in-process in one
/// V8 engine. Every other SEAL type in this namespace belongs to one runtime.
/// </summary>
/// <remarks>
/// <para><b>Threading rule.</b> A V8 isolate runs one thread at a time. A runtime therefore
/// serialises every call into SEAL with one lock: any thread may use any object of the runtime, but
/// calls never run concurrently, so one runtime gives one core's worth of SEAL. For parallel work
/// create one runtime per worker thread (about 0.3 s and a few MB each), or rent them from
/// <see cref="SealRuntimePool"/>, which also spares V8 isolate teardowns; objects of different
/// runtimes must not be mixed (<see cref="ArgumentException"/>).</para>
/// <para><b>Lifetime.</b> SEAL objects live in the WASM heap; their C# wrappers are
/// <see cref="IDisposable"/> and release them on <c>Dispose</c>. A wrapper that is only finalized
/// does not call into V8 from the finalizer thread: it queues its handle and the runtime deletes it
/// at its next call. Disposing the runtime frees the whole engine, and with it every SEAL object.</para>
/// <para><b>Randomness.</b> SEAL draws all its randomness (keys, encryption noise, seeds) through
/// <c>crypto.getRandomValues</c>, which this runtime serves from
/// <see cref="RandomNumberGenerator"/> (<see cref="RandomBytesSupplied"/> counts the bytes).</para>
/// <para>The engine itself (ClearScript V8) lives in <c>Homomorphic/Interop</c>; none of its types
/// appears in this API, and script errors surface as <see cref="SealException"/>.</para>
/// </remarks>
public sealed class SealRuntime : IDisposable
{
    private readonly Dictionary<(int PolyModulusDegree, ulong PlainModulus), SealContext> _sharedContexts = [];

    private SealRuntime() => Engine = new SealEngine(this);

    /// <summary>Starts a V8 engine and instantiates SEAL's WebAssembly module in it (about 0.3 s).</summary>
    /// <exception cref="FileNotFoundException">The node-seal assets are missing from the build output.</exception>
    /// <exception cref="SealException">The engine could not load or instantiate the module (SEAL's or the engine's message).</exception>
    public static SealRuntime Create() => new();

    /// <summary>Bytes drawn from <see cref="RandomNumberGenerator"/> into the JS-side pool that serves SEAL.</summary>
    public long RandomBytesSupplied => Engine.RandomBytesSupplied;

    /// <summary>Bytes SEAL has taken through <c>crypto.getRandomValues</c> (all from the pool).</summary>
    /// <exception cref="ObjectDisposedException">The runtime was disposed.</exception>
    public long RandomBytesServed => Engine.RandomBytesServed;

    /// <summary>How many times SEAL's random pool was refilled from .NET (one host call each).</summary>
    public long RandomRefillCount => Engine.RandomRefillCount;

    /// <summary>The engine: glue calls, handle table, scratch buffer.</summary>
    internal SealEngine Engine { get; }

    internal SealFunctions Functions => Engine.Functions;

    /// <summary>The runtime's lock; reentrant, so a caller may hold it across several <see cref="Call"/>s.</summary>
    internal Lock Gate => Engine.Gate;

    /// <summary>SEAL objects alive in the handle table (after deleting queued ones).</summary>
    internal int LiveObjectCount => Engine.LiveObjectCount;

    /// <summary>True once <see cref="Dispose"/> has run.</summary>
    public bool IsDisposed => Engine.IsDisposed;

    /// <summary>
    /// This runtime's context for <paramref name="parameters"/>, made on first use and kept until the
    /// runtime is disposed (through <see cref="SealRuntimePool"/>, across the sessions that rent it):
    /// a context costs about a second at N = 8192, which a server would otherwise pay for each
    /// session and each of its HE workers. SEAL contexts are immutable after creation, so sharing
    /// one is safe; its <see cref="SealContext.Dispose"/> does nothing.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The runtime was disposed.</exception>
    /// <exception cref="SealException">SEAL rejected the parameters.</exception>
    public SealContext SharedContext(EncryptionParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        lock (_sharedContexts)
        {
            var key = (parameters.PolyModulusDegree, parameters.PlainModulus);
            if (!_sharedContexts.TryGetValue(key, out var context))
            {
                context = new SealContext(this, parameters, shared: true);
                _sharedContexts.Add(key, context);
            }
            return context;
        }
    }

    /// <summary>Frees the V8 engine and every SEAL object in it. Idempotent.</summary>
    public void Dispose() => Engine.Dispose();

    /// <summary>Invokes a glue function under the lock (see <see cref="SealEngine.Call"/>).</summary>
    internal object Call(string function, params object[] args) => Engine.Call(function, args);

    /// <summary>Calls a glue function that creates an object and wraps the returned id.</summary>
    internal SealHandle Create(string function, Type ownerType, params object[] args) => Engine.Create(function, ownerType, args);

    /// <summary>Saves an object in SEAL's format.</summary>
    internal byte[] Save(SealHandle handle, SealCompression compression) => Engine.Save(handle, compression);

    /// <summary>Copies a returned byte array out of the engine (see <see cref="SealEngine.ReadBytes"/>).</summary>
    internal static byte[] ReadBytes(object typedArray) => SealEngine.ReadBytes(typedArray);

    /// <summary>Loads untrusted bytes with SEAL's validating <c>load</c>.</summary>
    /// <exception cref="SealFormatException">SEAL rejected the bytes.</exception>
    internal SealHandle Load(string kind, SealContext context, ReadOnlySpan<byte> bytes, Type ownerType) =>
        Engine.Load(kind, context.Handle, bytes, ownerType);

    /// <summary>Batch-encodes residues through the engine's scratch buffer.</summary>
    internal void Encode(SealHandle encoder, SealHandle plaintext, ReadOnlySpan<ulong> residues) => Engine.Encode(encoder, plaintext, residues);

    /// <summary>Batch-decodes into <paramref name="destination"/> through the engine's scratch buffer.</summary>
    internal void Decode(SealHandle encoder, SealHandle plaintext, Span<ulong> destination) => Engine.Decode(encoder, plaintext, destination);

    /// <summary>Deletes a SEAL object now (from Dispose on the caller's thread).</summary>
    internal void Release(int id) => Engine.Release(id);

    /// <summary>Called by finalizers: never enters V8, only queues the id for the next call.</summary>
    internal void QueueRelease(int id) => Engine.QueueRelease(id);
}

using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.ClearScript;
using Microsoft.ClearScript.JavaScript;
using Microsoft.ClearScript.V8;
using PiToolkit.Assets;

namespace PiToolkit.SecureInference.Homomorphic.Interop;

/// <summary>
/// The ClearScript V8 engine behind a <see cref="SealRuntime"/>: it loads node-seal's WebAssembly,
/// serves SEAL's randomness from <see cref="RandomNumberGenerator"/>, invokes the glue under one lock
/// and translates script exceptions into <see cref="SealException"/>. Every ClearScript type the
/// toolkit touches stays in this folder; <see cref="SealRuntime"/> documents the threading,
/// lifetime and randomness rules this class implements.
/// </summary>
internal sealed class SealEngine : IDisposable
{
    private readonly SealRuntime _owner;
    private readonly Lock _gate = new();
    private readonly ConcurrentQueue<int> _pendingReleases = new();
    private readonly V8ScriptEngine _engine;
    private readonly IArrayBuffer _scratch;
    private readonly ScriptObject _api;
    private long _randomBytes;
    private long _randomRefills;
    private int _disposed;

    /// <summary>Starts V8 and instantiates SEAL's module (about 0.3 s) for <paramref name="owner"/>, whose handles it accepts.</summary>
    /// <exception cref="FileNotFoundException">The node-seal assets are missing from the build output.</exception>
    /// <exception cref="SealException">V8 could not load or instantiate the module.</exception>
    public SealEngine(SealRuntime owner)
    {
        _owner = owner;
        try
        {
            _engine = new V8ScriptEngine(V8ScriptEngineFlags.None);
        }
        catch (ScriptEngineException e)
        {
            throw Translate(e);
        }
        try
        {
            // The module gets its wasm bytes from us; it must never try to load a file or URL.
            _engine.DocumentSettings.AccessFlags = DocumentAccessFlags.None;
            _engine.Script.__pitkPoolBytes = SealGlueScript.RandomPoolBytes;
            _engine.Script.__pitkMaxSlots = SealGlueScript.MaxSlots;
            _engine.AddHostObject("__pitkFill", new Action<object>(FillRandom));
            _engine.Execute("pitk-random.js", SealGlueScript.RandomShim);

            string js = File.ReadAllText(AssetPaths.Require("node-seal/seal_throws.js"));
            byte[] wasm = File.ReadAllBytes(AssetPaths.Require("node-seal/seal_throws.wasm"));
            _engine.Execute(new DocumentInfo("seal_throws.js") { Category = ModuleCategory.Standard },
                js + "\nglobalThis.__pitkFactory = Module;\n");
            var wasmArray = (ITypedArray<byte>)_engine.Evaluate($"new Uint8Array({wasm.Length})");
            wasmArray.Write(wasm, 0, (ulong)wasm.Length, 0);
            _engine.Script.__pitkWasm = wasmArray;
            _engine.Execute(
                "globalThis.__pitkState = 'loading'; __pitkFactory({ wasmBinary: __pitkWasm, locateFile: (p) => p })"
                + ".then((m) => { globalThis.__pitkSeal = m; globalThis.__pitkState = 'ready'; }, (e) => { globalThis.__pitkState = 'failed: ' + e; });");
            WaitUntilLoaded();
            var api = (ScriptObject)_engine.Evaluate("pitk-seal-glue.js", SealGlueScript.Source);
            _engine.Execute("delete globalThis.__pitkFactory; delete globalThis.__pitkWasm; delete globalThis.__pitkSeal; delete globalThis.__pitkFill; delete globalThis.__pitkState;");
            _api = api;
            Functions = new SealFunctions();
            _scratch = (IArrayBuffer)api.GetProperty("scratch");
        }
        catch (ScriptEngineException e)
        {
            _engine.Dispose();
            throw Translate(e);
        }
        catch
        {
            _engine.Dispose();
            throw;
        }
    }

    // Wasm compilation finishes on V8's worker threads and resolves the factory's promise through
    // the isolate's task queue. Blocking on a converted Task deadlocks under a synchronization
    // context (xunit's, a UI thread's), so poll: each Evaluate lets V8 run pending tasks.
    private void WaitUntilLoaded()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            string state = (string)_engine.Evaluate("globalThis.__pitkState");
            if (state == "ready")
                return;
            if (state != "loading")
                throw new InvalidOperationException("node-seal's WebAssembly module did not load: " + state);
            if (clock.Elapsed > TimeSpan.FromSeconds(120))
                throw new TimeoutException("node-seal's WebAssembly module did not finish loading within 120 s.");
            Thread.Sleep(1);
        }
    }

    /// <summary>Bytes drawn from <see cref="RandomNumberGenerator"/> into the JS-side pool that serves SEAL.</summary>
    public long RandomBytesSupplied => Interlocked.Read(ref _randomBytes);

    /// <summary>Bytes SEAL has taken through <c>crypto.getRandomValues</c> (all from the pool).</summary>
    public long RandomBytesServed => Convert.ToInt64(Call(Functions.RandomServed));

    /// <summary>How many times SEAL's random pool was refilled from .NET (one host call each).</summary>
    public long RandomRefillCount => Interlocked.Read(ref _randomRefills);

    public SealFunctions Functions { get; }

    /// <summary>The runtime's lock; reentrant, so a caller may hold it across several <see cref="Call"/>s.</summary>
    public Lock Gate => _gate;

    /// <summary>SEAL objects alive in the handle table (after deleting queued ones).</summary>
    public int LiveObjectCount => Convert.ToInt32(Call(Functions.LiveCount));

    /// <summary>
    /// How long <see cref="Dispose"/> waits for V8 to tear the isolate down. V8 can block in native
    /// code during that teardown while its WebAssembly engine still has platform tasks queued (the
    /// race node.js works around in nodejs/node#31795); a full test run met it about once in several
    /// hundred runtimes, and a caller such as a server ending a session must not hang on it.
    /// </summary>
    private static readonly TimeSpan TeardownBound = TimeSpan.FromSeconds(20);

    private static long s_abandoned;

    /// <summary>Isolates whose teardown did not finish within the bound and were left to the process's exit.</summary>
    public static long AbandonedIsolates => Interlocked.Read(ref s_abandoned);

    /// <summary>True once <see cref="Dispose"/> has run.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// Frees the V8 engine and every SEAL object in it. Idempotent. The teardown runs on its own
    /// thread and is bounded (see <see cref="TeardownBound"/>): an isolate that does not finish is
    /// abandoned, and its memory, keys included, stays in this process until it exits.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        lock (_gate)
        {
            _pendingReleases.Clear();
            var teardown = new Thread(_engine.Dispose) { IsBackground = true, Name = "V8 isolate teardown" };
            teardown.Start();
            if (!teardown.Join(TeardownBound))
                Interlocked.Increment(ref s_abandoned);
        }
    }

    /// <summary>
    /// Invokes a glue function under the lock. Arguments that are <see cref="SealHandle"/>s are
    /// resolved to table ids inside the lock, so a concurrent Dispose cannot free them mid-call.
    /// SEAL's exceptions become <see cref="SealException"/>.
    /// </summary>
    public object Call(string function, params object[] args)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, _owner);
            DrainReleases();
            for (int i = 0; i < args.Length; i++)
            {
                if (args[i] is SealHandle handle)
                {
                    if (!ReferenceEquals(handle.Runtime, _owner))
                        throw new ArgumentException("A SEAL object of another SealRuntime was passed; objects of different runtimes cannot be mixed.");
                    args[i] = handle.Id;
                }
            }
            try
            {
                return _api.InvokeMethod(function, args);
            }
            catch (ScriptEngineException e)
            {
                throw Translate(e);
            }
        }
    }

    /// <summary>Calls a glue function that creates an object and wraps the returned id.</summary>
    public SealHandle Create(string function, Type ownerType, params object[] args) =>
        new(_owner, Convert.ToInt32(Call(function, args)), ownerType);

    /// <summary>Saves an object in SEAL's format.</summary>
    public byte[] Save(SealHandle handle, SealCompression compression) =>
        ReadBytes(Call(Functions.Save, handle, (int)compression));

    /// <summary>Copies a returned Uint8Array into a new .NET array (one bulk copy) and drops the V8 reference.</summary>
    public static byte[] ReadBytes(object typedArray)
    {
        var view = (ITypedArray<byte>)typedArray;
        try
        {
            return view.ToArray();
        }
        finally
        {
            (view as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// Loads untrusted bytes with SEAL's validating <c>load</c> (never <c>unsafe_load</c>): the
    /// object must be well formed and valid for <paramref name="context"/>.
    /// </summary>
    /// <exception cref="SealFormatException">SEAL rejected the bytes.</exception>
    public SealHandle Load(string kind, SealHandle context, ReadOnlySpan<byte> bytes, Type ownerType)
    {
        lock (_gate)
        {
            var array = (ITypedArray<byte>)Call(Functions.Bytes, bytes.Length);
            try
            {
                array.Write(bytes, 0, (ulong)bytes.Length, 0);
                return Create(Functions.Load, ownerType, kind, context, array);
            }
            catch (SealException e)
            {
                throw new SealFormatException(kind, e.SealErrorType, e.SealMessage, e);
            }
            finally
            {
                (array as IDisposable)?.Dispose();
            }
        }
    }

    /// <summary>Batch-encodes canonical residues through the shared scratch buffer (one bulk copy).</summary>
    public void Encode(SealHandle encoder, SealHandle plaintext, ReadOnlySpan<ulong> residues)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, _owner);
            _scratch.WriteBytes(MemoryMarshal.AsBytes(residues), 0, (ulong)residues.Length * sizeof(ulong), 0);
            Call(Functions.Encode, encoder, plaintext, residues.Length);
        }
    }

    /// <summary>Batch-decodes into <paramref name="destination"/> (length = slot count) through the scratch buffer.</summary>
    public void Decode(SealHandle encoder, SealHandle plaintext, Span<ulong> destination)
    {
        lock (_gate)
        {
            Call(Functions.Decode, encoder, plaintext);
            _scratch.ReadBytes(0, (ulong)destination.Length * sizeof(ulong), MemoryMarshal.AsBytes(destination), 0);
        }
    }

    /// <summary>Deletes a SEAL object now (from Dispose on the caller's thread).</summary>
    public void Release(int id)
    {
        if (Volatile.Read(ref _disposed) != 0)
            return;
        lock (_gate)
        {
            if (Volatile.Read(ref _disposed) != 0)
                return;
            ReleaseCore(id);
        }
    }

    /// <summary>Called by finalizers: never enters V8, only queues the id for the next call.</summary>
    public void QueueRelease(int id)
    {
        if (Volatile.Read(ref _disposed) == 0)
            _pendingReleases.Enqueue(id);
    }

    private void DrainReleases()
    {
        while (_pendingReleases.TryDequeue(out int id))
            ReleaseCore(id);
    }

    private void ReleaseCore(int id)
    {
        try
        {
            _api.InvokeMethod(Functions.Release, id);
        }
        catch (ScriptEngineException)
        {
            // Deleting cannot fail for a live id; a failure here must not turn Dispose into a throw.
        }
    }

    private static Exception Translate(ScriptEngineException e)
    {
        if (e.ScriptExceptionAsObject is ScriptObject error)
        {
            string name = error.GetProperty("name") as string ?? "Error";
            string message = error.GetProperty("message") as string ?? e.Message;
            if (name == "SealError")
                return new SealException(error.GetProperty("sealType") as string ?? "std::exception", message, e);
            return new SealException(name, message, e);
        }
        return new SealException("script", e.Message, e);
    }

    private void FillRandom(object view)
    {
        var bytes = (IArrayBufferView)view;
        try
        {
            ulong size = bytes.Size;
            byte[] buffer = ArrayPool<byte>.Shared.Rent(checked((int)size));
            try
            {
                RandomNumberGenerator.Fill(buffer.AsSpan(0, (int)size));
                bytes.WriteBytes(buffer.AsSpan(0, (int)size), 0, size, 0);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(buffer.AsSpan(0, (int)size));
                ArrayPool<byte>.Shared.Return(buffer);
            }
            Interlocked.Add(ref _randomBytes, (long)size);
            Interlocked.Increment(ref _randomRefills);
        }
        finally
        {
            (bytes as IDisposable)?.Dispose();
        }
    }
}

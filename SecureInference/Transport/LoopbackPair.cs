using System.Net;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;

namespace PiToolkit.SecureInference.Transport;

/// <summary>
/// Two connected channels in one process and a way to run the two parties of a protocol on them
/// concurrently: what the CLI, the tests and the benchmarks need to try a two-party protocol on one
/// machine. Owns both channels.
/// </summary>
/// <remarks>
/// <see cref="RunAsync{TFirst, TSecond}"/> runs each party on its own thread-pool thread (the
/// protocols block in <see cref="IChannel.Receive"/>). When one party throws, both channels are
/// disposed at once, so the other party, typically blocked waiting for a message that will never
/// come, fails fast instead of hanging; the exception reported is the first one, not the
/// consequential one from the closed channel.
/// </remarks>
public sealed class LoopbackPair : IDisposable
{
    private int _disposed;

    private LoopbackPair(IChannel first, IChannel second, LoopbackTransport transport)
    {
        First = first;
        Second = second;
        Transport = transport;
    }

    /// <summary>The first party's end (e.g. the garbler or the server).</summary>
    public IChannel First { get; }

    /// <summary>The second party's end (e.g. the evaluator or the client).</summary>
    public IChannel Second { get; }

    /// <summary>How the two ends are connected.</summary>
    public LoopbackTransport Transport { get; }

    /// <summary>Connects two ends in memory or over loopback TCP.</summary>
    /// <param name="transport">In memory or over 127.0.0.1 (an ephemeral port, closed again once connected).</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <param name="memoryCapacityBytes">For <see cref="LoopbackTransport.Memory"/>: bytes each direction holds before the sender blocks.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="transport"/> is not a defined value, or the capacity is not positive.</exception>
    /// <exception cref="SocketException">The loopback connection failed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static async Task<LoopbackPair> ConnectAsync(LoopbackTransport transport, CancellationToken cancellationToken = default,
        int memoryCapacityBytes = 16 << 20)
    {
        switch (transport)
        {
            case LoopbackTransport.Memory:
                var (first, second) = InMemoryChannel.CreatePair(memoryCapacityBytes);
                return new LoopbackPair(first, second, transport);
            case LoopbackTransport.Tcp:
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                try
                {
                    var accept = TcpChannel.AcceptAsync(listener, cancellationToken);
                    TcpChannel? connected = null;
                    try
                    {
                        connected = await TcpChannel.ConnectAsync((IPEndPoint)listener.LocalEndpoint, cancellationToken).ConfigureAwait(false);
                        return new LoopbackPair(await accept.ConfigureAwait(false), connected, transport);
                    }
                    catch
                    {
                        connected?.Dispose();
                        throw;
                    }
                }
                finally
                {
                    listener.Stop();
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(transport), transport, "Unknown loopback transport.");
        }
    }

    /// <summary>
    /// Runs <paramref name="first"/> on <see cref="First"/> and <paramref name="second"/> on
    /// <see cref="Second"/> concurrently and returns both results. The channels stay open after a
    /// successful run (their byte counts remain readable) and are disposed when either party fails
    /// or the run is cancelled.
    /// </summary>
    /// <exception cref="ArgumentNullException">A function is null.</exception>
    /// <exception cref="ObjectDisposedException">The pair was disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled during the run.</exception>
    /// <exception cref="Exception">Whatever the party that failed first threw (e.g. <see cref="ProtocolException"/>), with its stack trace.</exception>
    public async Task<(TFirst First, TSecond Second)> RunAsync<TFirst, TSecond>(Func<IChannel, TFirst> first, Func<IChannel, TSecond> second,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        ExceptionDispatchInfo? failure = null;
        using var abort = cancellationToken.Register(Dispose);

        T Guard<T>(Func<IChannel, T> party, IChannel channel)
        {
            try
            {
                return party(channel);
            }
            catch (Exception e)
            {
                // Only the first failure is the cause; later ones come from the channels closing.
                Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
                Dispose();
                throw;
            }
        }

        var a = Task.Run(() => Guard(first, First), CancellationToken.None);
        var b = Task.Run(() => Guard(second, Second), CancellationToken.None);
        try
        {
            await Task.WhenAll(a, b).ConfigureAwait(false);
        }
        catch (Exception) when (failure is not null || cancellationToken.IsCancellationRequested)
        {
            // Reported below: cancellation first (the failures it caused are noise), then the first failure.
        }
        cancellationToken.ThrowIfCancellationRequested();
        failure?.Throw();
        return (await a.ConfigureAwait(false), await b.ConfigureAwait(false));
    }

    /// <summary>Runs two parties that return nothing; see <see cref="RunAsync{TFirst, TSecond}"/>.</summary>
    /// <exception cref="ArgumentNullException">An action is null.</exception>
    /// <exception cref="ObjectDisposedException">The pair was disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled during the run.</exception>
    /// <exception cref="Exception">Whatever the party that failed first threw.</exception>
    public Task RunAsync(Action<IChannel> first, Action<IChannel> second, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return RunAsync(c => { first(c); return true; }, c => { second(c); return true; }, cancellationToken);
    }

    /// <summary>Closes both channels (a party blocked on one of them then fails). Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        First.Dispose();
        Second.Dispose();
    }
}

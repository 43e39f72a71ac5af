using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// Closes the channel when an exchange runs past its deadline or is cancelled, so that a silent or
/// stalled peer makes the blocked receive fail instead of hanging forever.
/// </summary>
internal sealed class Watchdog : IDisposable
{
    private readonly Timer _timer;
    private readonly CancellationTokenRegistration _registration;
    private int _fired;

    public Watchdog(IChannel channel, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        _timer = new Timer(_ => Fire(channel), null, timeout, System.Threading.Timeout.InfiniteTimeSpan);
        _registration = cancellationToken.Register(() => Fire(channel));
    }

    public bool Fired => Volatile.Read(ref _fired) != 0;

    public void Dispose()
    {
        _registration.Dispose();
        _timer.Dispose();
    }

    private void Fire(IChannel channel)
    {
        if (Interlocked.Exchange(ref _fired, 1) == 0)
            channel.Dispose();
    }
}

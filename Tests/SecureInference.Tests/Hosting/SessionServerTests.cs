using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using PiToolkit.SecureInference.Hosting;
using PiToolkit.SecureInference.Tests.Transport;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Tests.Hosting;

/// <summary>
/// The session host over loopback with a small echo "protocol". Every test bounds its waits
/// (<see cref="Bound"/>) and stops its server, so none can hang the run.
/// </summary>
public class SessionServerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private static readonly byte[] Bye = [];

    private sealed class Running(SessionServer server, ListLogger log, CancellationTokenSource stop, Task run) : IAsyncDisposable
    {
        public SessionServer Server => server;
        public ListLogger Log => log;
        public Task Run => run;
        public int Port => server.LocalEndPoint.Port;

        public async Task StopAsync()
        {
            await stop.CancelAsync();
            await run.WaitAsync(Bound);
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            await server.DisposeAsync();
            stop.Dispose();
        }
    }

    private static Running Start(SessionHandler handler, SessionLimits? limits = null, TlsServerOptions? tls = null)
    {
        var log = new ListLogger();
        var server = new SessionServer(new SessionServerOptions { Port = 0, Tls = tls, Limits = limits ?? new SessionLimits() }, handler, log);
        server.Start();
        var stop = new CancellationTokenSource();
        return new Running(server, log, stop, server.RunAsync(stop.Token));
    }

    /// <summary>The test protocol: a hello frame, then each frame is one "inference" echoed back; an empty frame ends the session.</summary>
    private static Task Echo(IChannel channel, SessionContext context, CancellationToken cancellationToken)
    {
        channel.ReceiveFrame(64);
        context.CompleteHandshake("echo protocol v1");
        while (true)
        {
            var request = channel.ReceiveFrame(context.Limits.MaxFrameBytes);
            if (request.Length == 0) return Task.CompletedTask;
            if (!context.TryBeginInference())
            {
                channel.SendFrame("limit"u8);
                channel.Flush();
                return Task.CompletedTask;
            }
            var clock = Stopwatch.StartNew();
            long before = channel.BytesSent + channel.BytesReceived - request.Length - 4;
            channel.SendFrame(request);
            channel.Flush();
            context.ReportInference(new InferenceMetrics(TimeSpan.Zero, clock.Elapsed, 0, channel.BytesSent + channel.BytesReceived - before));
        }
    }

    private static SessionClientOptions Pinned(CertificateFingerprint? pin = null) =>
        new() { Tls = TlsClientOptions.Pinned(pin ?? TestCertificates.ServerPin), HandshakeTimeout = TimeSpan.FromSeconds(5) };

    private static SessionClientOptions Plain => new() { HandshakeTimeout = TimeSpan.FromSeconds(5) };

    private static async Task<IChannel> Connect(Running running, SessionClientOptions options) =>
        await SessionClient.ConnectAsync("127.0.0.1", running.Port, options).WaitAsync(Bound);

    private static byte[] Ask(IChannel channel, ReadOnlySpan<byte> request)
    {
        channel.SendFrame(request);
        channel.Flush();
        return channel.ReceiveFrame();
    }

    private static void Hello(IChannel channel)
    {
        channel.SendFrame("hello"u8);
        channel.Flush();
    }

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Bound) Assert.Fail($"timed out waiting until {what}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task A_TLS_session_runs_the_handler_and_the_log_shows_connect_handshake_inferences_and_end()
    {
        await using var running = Start(Echo, tls: new TlsServerOptions(TestCertificates.Server));
        using (var client = await Connect(running, Pinned()))
        {
            Hello(client);
            for (int i = 1; i <= 3; i++)
            {
                Assert.Equal(new byte[] { (byte)i, 42 }, Ask(client, [(byte)i, 42]));
            }
            client.SendFrame(Bye);
            client.Flush();
        }
        await WaitUntil(() => running.Server.SessionsCompleted == 1, "the session ended");
        Assert.True(running.Log.Contains("over TLS (certificate " + TestCertificates.ServerPin));
        Assert.True(running.Log.Contains("session 1: connected from 127.0.0.1"));
        Assert.True(running.Log.Contains("session 1: handshake complete: echo protocol v1"));
        Assert.True(running.Log.Contains("session 1: inference 3: offline"));
        Assert.True(running.Log.Contains("session 1: ended after"));
        Assert.Equal(0, running.Server.SessionsFailed);
    }

    [Fact]
    public async Task A_client_pinning_the_wrong_fingerprint_refuses_the_server_and_the_handler_never_runs()
    {
        int ran = 0;
        await using var running = Start((c, x, t) => { Interlocked.Increment(ref ran); return Echo(c, x, t); }, tls: new TlsServerOptions(TestCertificates.Impostor));
        var refused = await Assert.ThrowsAsync<TransportSecurityException>(() => Connect(running, Pinned()));
        Assert.Equal(TransportSecurityFailure.PinMismatch, refused.Failure);
        Assert.Contains("does not match the pinned", refused.Message);
        await WaitUntil(() => running.Server.ConnectionsRefused == 1, "the server logged the refusal");
        Assert.Equal(0, Volatile.Read(ref ran));
        // Depending on timing the server sees the client's refusal in its handshake, while greeting, or
        // while waiting for the acknowledgement; each reason names the likely cause.
        Assert.True(running.Log.Contains("may have refused our certificate"), running.Log.Text);
    }

    [Fact]
    public async Task An_unauthorized_client_is_refused_with_its_reason_before_the_handler_runs()
    {
        int ran = 0;
        var tls = new TlsServerOptions(TestCertificates.Server) { AllowedClients = new HashSet<CertificateFingerprint> { CertificateFingerprint.Of(TestCertificates.Client) } };
        await using var running = Start((c, x, t) => { Interlocked.Increment(ref ran); return Echo(c, x, t); }, tls: tls);

        var stranger = await Assert.ThrowsAsync<TransportSecurityException>(() => Connect(running, Pinned() with { Tls = TlsClientOptions.Pinned(TestCertificates.ServerPin).WithClientCertificate(TestCertificates.Stranger) }));
        Assert.Equal(TransportSecurityFailure.ClientNotAuthorized, stranger.Failure);
        Assert.Contains("not on the allow-list", stranger.Message);
        var anonymous = await Assert.ThrowsAsync<TransportSecurityException>(() => Connect(running, Pinned()));
        Assert.Equal(TransportSecurityFailure.ClientCertificateMissing, anonymous.Failure);
        Assert.Equal(0, Volatile.Read(ref ran));

        using (var allowed = await Connect(running, Pinned() with { Tls = TlsClientOptions.Pinned(TestCertificates.ServerPin).WithClientCertificate(TestCertificates.Client) }))
        {
            Hello(allowed);
            Assert.Equal([7], Ask(allowed, [7]));
        }
        Assert.Equal(1, Volatile.Read(ref ran));
        Assert.Equal(2, running.Server.ConnectionsRefused);
        Assert.True(running.Log.Contains("client certificate " + CertificateFingerprint.Of(TestCertificates.Client).ToShortString()));
    }

    [Fact]
    public async Task A_connection_beyond_the_session_limit_gets_a_busy_refusal_and_the_slot_is_reused_later()
    {
        await using var running = Start(Echo, new SessionLimits { MaxConcurrentSessions = 1 });
        using (var first = await Connect(running, Plain))
        {
            Hello(first);
            Assert.Equal([1], Ask(first, [1]));
            var busy = await Assert.ThrowsAsync<ServerBusyException>(() => Connect(running, Plain));
            Assert.Contains("all 1 session slots are in use", busy.Message);
            Assert.False(busy.ShuttingDown);
            first.SendFrame(Bye);
            first.Flush();
        }
        await WaitUntil(() => running.Server.ActiveSessions == 0, "the first session ended");
        using var third = await Connect(running, Plain);
        Hello(third);
        Assert.Equal([3], Ask(third, [3]));
        Assert.True(running.Log.Contains("refused: server busy"));
    }

    [Fact]
    public async Task A_connection_that_never_starts_TLS_is_cut_at_the_handshake_timeout_and_frees_its_slot()
    {
        // Long enough for the well-behaved client that follows to finish its handshake on a loaded machine.
        var limits = new SessionLimits { MaxConcurrentSessions = 1, HandshakeTimeout = TimeSpan.FromSeconds(2) };
        await using var running = Start(Echo, limits, new TlsServerOptions(TestCertificates.Server));
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await silent.ConnectAsync(IPAddress.Loopback, running.Port);
        await WaitUntil(() => running.Server.ConnectionsRefused == 1 && running.Server.ActiveSessions == 0, "the silent connection was cut");
        Assert.True(running.Log.Contains("handshake timeout: not completed within 2 s"), running.Log.Text);
        using var client = await Connect(running, Pinned());
        Hello(client);
        Assert.Equal([9], Ask(client, [9]));
    }

    [Fact]
    public async Task An_admitted_client_that_never_sends_its_protocol_handshake_is_cut_at_the_handshake_timeout()
    {
        // Long enough for the well-behaved client that follows to finish its handshake on a loaded machine.
        var limits = new SessionLimits { MaxConcurrentSessions = 1, HandshakeTimeout = TimeSpan.FromSeconds(2) };
        await using var running = Start(Echo, limits);
        using var silent = await Connect(running, Plain);
        await WaitUntil(() => running.Server.SessionsFailed == 1, "the session was cut");
        Assert.True(running.Log.Contains("handshake timeout"));
        Assert.Throws<ProtocolException>(() => silent.ReceiveFrame());
        using var client = await Connect(running, Plain);
        Hello(client);
        Assert.Equal([4], Ask(client, [4]));
    }

    [Fact]
    public async Task A_client_that_goes_quiet_after_the_handshake_is_cut_at_the_idle_timeout()
    {
        var limits = new SessionLimits { MaxConcurrentSessions = 1, IdleTimeout = TimeSpan.FromSeconds(1) };
        await using var running = Start(Echo, limits, new TlsServerOptions(TestCertificates.Server));
        using var quiet = await Connect(running, Pinned());
        Hello(quiet);
        Assert.Equal([5], Ask(quiet, [5]));
        await WaitUntil(() => running.Server.SessionsFailed == 1 && running.Server.ActiveSessions == 0, "the idle session was cut");
        Assert.True(running.Log.Contains("idle timeout"));
    }

    [Fact]
    public async Task A_client_that_stops_reading_cannot_pin_a_server_thread()
    {
        var limits = new SessionLimits { IdleTimeout = TimeSpan.FromSeconds(1) };
        Exception? seen = null;
        await using var running = Start((channel, context, _) =>
        {
            channel.ReceiveFrame(64);
            context.CompleteHandshake("flood");
            var chunk = new byte[1 << 20];
            try
            {
                // Bounded: far more than loopback socket buffers hold, so the send must block and time out.
                for (int i = 0; i < 1024; i++) channel.SendFrame(chunk);
            }
            catch (IOException e)
            {
                seen = e;
                throw;
            }
            return Task.CompletedTask;
        }, limits);
        using var stalled = await Connect(running, Plain);
        Hello(stalled);
        await WaitUntil(() => running.Server.SessionsFailed == 1, "the stalled session was cut");
        Assert.IsType<PeerTimeoutException>(seen);
        Assert.True(running.Log.Contains("has not accepted data"));
    }

    [Fact]
    public async Task A_handler_that_throws_ends_only_its_own_session()
    {
        int sessions = 0;
        await using var running = Start((c, x, t) => Interlocked.Increment(ref sessions) == 1 ? throw new InvalidOperationException("bug in the handler") : Echo(c, x, t));
        using (var victim = await Connect(running, Plain))
        {
            Assert.Throws<ProtocolException>(() => victim.ReceiveFrame());
        }
        using var next = await Connect(running, Plain);
        Hello(next);
        Assert.Equal([6], Ask(next, [6]));
        Assert.Contains(running.Log.Lines, l => l.Level == LogLevel.Error && l.Text.Contains("InvalidOperationException: bug in the handler", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Shutdown_lets_a_running_inference_finish_and_then_returns()
    {
        var computing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var running = Start((channel, context, _) =>
        {
            channel.ReceiveFrame(64);
            context.CompleteHandshake("slow");
            while (context.TryBeginInference())
            {
                var request = channel.ReceiveFrame(16);
                computing.TrySetResult();
                Thread.Sleep(400);
                channel.SendFrame(request);
                channel.Flush();
            }
            return Task.CompletedTask;
        }, new SessionLimits { ShutdownGracePeriod = TimeSpan.FromSeconds(10) });
        using var client = await Connect(running, Plain);
        Hello(client);
        client.SendFrame((byte[])[8]);
        client.Flush();
        await computing.Task.WaitAsync(Bound);
        int port = running.Port;
        var clock = Stopwatch.StartNew();
        var stopping = running.StopAsync();
        Assert.Equal([8], client.ReceiveFrame());
        await stopping;
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"shutdown took {clock.Elapsed}");
        Assert.Equal(1, running.Server.SessionsCompleted);
        Assert.Equal(0, running.Server.SessionsFailed);
        await Assert.ThrowsAsync<ServerUnreachableException>(() => SessionClient.ConnectAsync("127.0.0.1", port, Plain).WaitAsync(Bound));
    }

    [Fact]
    public async Task Shutdown_aborts_sessions_that_outlive_the_grace_period()
    {
        await using var running = Start(Echo, new SessionLimits { ShutdownGracePeriod = TimeSpan.FromMilliseconds(300) });
        using var client = await Connect(running, Plain);
        Hello(client);
        Assert.Equal([2], Ask(client, [2]));
        var clock = Stopwatch.StartNew();
        await running.StopAsync();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"shutdown took {clock.Elapsed}");
        Assert.Equal(1, running.Server.SessionsFailed);
        Assert.True(running.Log.Contains("shutdown grace period of 0.3 s expired"));
        Assert.Throws<ProtocolException>(() => client.ReceiveFrame());
    }

    [Fact]
    public async Task The_inference_limit_is_enforced_through_the_context()
    {
        await using var running = Start(Echo, new SessionLimits { MaxInferencesPerSession = 2 });
        using var client = await Connect(running, Plain);
        Hello(client);
        Assert.Equal([1], Ask(client, [1]));
        Assert.Equal([2], Ask(client, [2]));
        Assert.Equal("limit"u8.ToArray(), Ask(client, [3]));
        await WaitUntil(() => running.Server.SessionsCompleted == 1, "the session ended");
        Assert.True(running.Log.Contains("inference limit of 2 reached"));
    }

    [Fact]
    public async Task A_session_that_reserves_more_than_its_memory_budget_ends_with_the_reason()
    {
        var limits = new SessionLimits { MaxSessionMemoryBytes = 8L << 20, MaxFrameBytes = 1 << 20, ChannelBufferBytes = 1 << 16 };
        await using var running = Start((channel, context, _) =>
        {
            context.Memory.Reserve(4L << 20, "prepared offline batches");
            context.Memory.Reserve(4L << 20, "more prepared offline batches");
            return Task.CompletedTask;
        }, limits);
        using var client = await Connect(running, Plain);
        await WaitUntil(() => running.Server.SessionsFailed == 1, "the session ended");
        Assert.True(running.Log.Contains("session memory limit: more prepared offline batches needs 4 MiB"));
    }

    [Fact]
    public async Task The_log_never_contains_the_secret_bytes_a_session_exchanged()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var answer = RandomNumberGenerator.GetBytes(32);
        await using var running = Start((channel, context, _) =>
        {
            channel.ReceiveFrame(64);
            context.CompleteHandshake("echo protocol v1");
            Assert.True(context.TryBeginInference());
            Assert.Equal(secret, channel.ReceiveFrame(64));
            channel.SendFrame(answer);
            channel.Flush();
            context.ReportInference(new InferenceMetrics(TimeSpan.FromMilliseconds(12), TimeSpan.FromMilliseconds(3), 1000, 72));
            return Task.CompletedTask;
        }, tls: new TlsServerOptions(TestCertificates.Server));
        using (var client = await Connect(running, Pinned()))
        {
            Hello(client);
            Assert.Equal(answer, Ask(client, secret));
        }
        await WaitUntil(() => running.Server.SessionsCompleted == 1, "the session ended");
        string log = running.Log.Text;
        Assert.Contains("inference 1: offline 12.0 ms, 1000 bytes; online 3.0 ms, 72 bytes", log);
        foreach (var bytes in (byte[][])[secret, answer, secret[..8], answer[..8]])
        {
            foreach (var encoding in Encodings(bytes))
            {
                Assert.DoesNotContain(encoding, log, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    private static IEnumerable<string> Encodings(byte[] bytes)
    {
        yield return Convert.ToHexString(bytes);
        yield return BitConverter.ToString(bytes);
        yield return string.Join(':', bytes.Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
        yield return Convert.ToBase64String(bytes).TrimEnd('=');
        yield return string.Join(", ", bytes);
        yield return string.Join(' ', bytes);
        yield return Encoding.Latin1.GetString(bytes);
    }

    [Fact]
    public async Task Client_failures_are_typed_with_clear_messages()
    {
        int unusedPort;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            unusedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }
        var unreachable = await Assert.ThrowsAsync<ServerUnreachableException>(() => SessionClient.ConnectAsync("127.0.0.1", unusedPort, Plain).WaitAsync(Bound));
        Assert.Contains("connection refused", unreachable.Message);

        await using (var plainServer = Start(Echo))
        {
            var tlsToPlain = await Assert.ThrowsAsync<TransportSecurityException>(() => Connect(plainServer, Pinned()));
            Assert.Equal(TransportSecurityFailure.HandshakeFailed, tlsToPlain.Failure);
        }

        await using var tlsServer = Start(Echo, tls: new TlsServerOptions(TestCertificates.Server));
        var plainToTls = await Assert.ThrowsAnyAsync<IOException>(() => Connect(tlsServer, Plain with { HandshakeTimeout = TimeSpan.FromMilliseconds(500) }));
        Assert.IsType<PeerTimeoutException>(plainToTls);
        Assert.Contains("if it serves TLS", plainToTls.Message);
    }

    [Fact]
    public void Plain_TCP_beyond_loopback_must_be_allowed_explicitly()
    {
        var options = new SessionServerOptions { Address = IPAddress.Any, Port = 0 };
        var e = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("unencrypted", e.Message);
        (options with { AllowPlainTcpBeyondLoopback = true }).Validate();
        (options with { Tls = new TlsServerOptions(TestCertificates.Server) }).Validate();
        Assert.Throws<ArgumentOutOfRangeException>(() => new SessionLimits { MaxConcurrentSessions = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new SessionLimits { IdleTimeout = TimeSpan.Zero }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new SessionLimits { MaxSessionMemoryBytes = 1 << 20 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new SessionLimits { MaxSessionDuration = TimeSpan.FromDays(30) }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new SessionClientOptions { IdleTimeout = Timeout.InfiniteTimeSpan }.Validate());
    }

    [Fact]
    public async Task A_peer_that_is_not_a_PiToolkit_client_is_refused_before_the_handler_runs()
    {
        int ran = 0;
        await using var running = Start((c, x, t) => { Interlocked.Increment(ref ran); return Echo(c, x, t); });
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, running.Port);
        using var stream = new NetworkStream(socket);
        var greeting = new byte[4 + 7];
        await stream.ReadExactlyAsync(greeting).AsTask().WaitAsync(Bound);
        Assert.Equal("PITKS"u8.ToArray(), greeting[4..9]);
        await stream.WriteAsync("\x06\0\0\0GET / "u8.ToArray());
        await WaitUntil(() => running.Server.ConnectionsRefused == 1, "the stranger was refused");
        Assert.Equal(0, Volatile.Read(ref ran));
        Assert.True(running.Log.Contains("not a PiToolkit session client"), running.Log.Text);
    }

    [Fact]
    public async Task A_server_that_is_not_a_PiToolkit_server_is_reported_as_such()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var impostor = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync();
            await socket.SendAsync("\x10\0\0\0HTTP/1.1 200 OK\r\n\r\n"u8.ToArray());
            await Task.Delay(500);
        });
        var e = await Assert.ThrowsAsync<ProtocolException>(() => SessionClient.ConnectAsync("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port, Plain).WaitAsync(Bound));
        Assert.Contains("not a PiToolkit session greeting", e.Message);
        await impostor.WaitAsync(Bound);
    }

    [Fact]
    public async Task A_port_in_use_is_an_IO_error_naming_it()
    {
        await using var running = Start(Echo);
        await using var second = new SessionServer(new SessionServerOptions { Port = running.Port }, Echo);
        var e = Assert.Throws<IOException>(second.Start);
        Assert.Contains($"Cannot listen on 127.0.0.1:{running.Port}", e.Message);
    }

    [Fact]
    public async Task A_client_connecting_by_name_in_authority_mode_reaches_the_server()
    {
        await using var running = Start(Echo, tls: new TlsServerOptions(TestCertificates.Server));
        var options = new SessionClientOptions { Tls = TlsClientOptions.TrustingAuthority(TestCertificates.Server) };
        using var client = await SessionClient.ConnectAsync("localhost", running.Port, options).WaitAsync(Bound);
        Hello(client);
        Assert.Equal([1, 2], Ask(client, [1, 2]));
    }

    [Fact]
    public async Task Concurrent_TLS_clients_each_get_their_own_answers()
    {
        await using var running = Start(Echo, tls: new TlsServerOptions(TestCertificates.Server));
        var clients = Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
        {
            using var channel = await Connect(running, Pinned());
            Hello(channel);
            for (int i = 0; i < 5; i++)
            {
                Assert.Equal(new byte[] { (byte)c, (byte)i }, Ask(channel, [(byte)c, (byte)i]));
            }
            channel.SendFrame(Bye);
            channel.Flush();
        }));
        await Task.WhenAll(clients).WaitAsync(Bound);
        await WaitUntil(() => running.Server.SessionsCompleted == 4, "all sessions ended");
        Assert.Equal(4 * 5, running.Log.Lines.Count(l => l.Text.Contains(": inference ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Hundreds_of_misbehaving_connections_leave_nothing_behind_and_a_good_client_is_served_throughout()
    {
        var limits = new SessionLimits { MaxConcurrentSessions = 4, HandshakeTimeout = TimeSpan.FromSeconds(2), IdleTimeout = TimeSpan.FromSeconds(2) };
        await using var running = Start(Echo, limits);
        const int BadConnections = 200;
        var random = new Random(11);
        var plans = Enumerable.Range(0, BadConnections).Select(_ => (Kind: random.Next(4), Bytes: random.Next(1, 64), Seed: random.Next())).ToArray();
        int next = -1;
        var attackers = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            for (int i; (i = Interlocked.Increment(ref next)) < BadConnections;)
            {
                var (kind, length, seed) = plans[i];
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, running.Port);
                var junk = new byte[length];
                new Random(seed).NextBytes(junk);
                switch (kind)
                {
                    case 0: // close at once
                        break;
                    case 1: // random bytes instead of the acknowledgement
                        await socket.SendAsync(junk);
                        break;
                    case 2: // a frame header announcing far more than it sends
                        await socket.SendAsync(new byte[] { 0xFF, 0xFF, 0x00, 0x00, 1, 2 });
                        break;
                    default: // a TLS ClientHello-looking start to a plain server, then gone
                        await socket.SendAsync(new byte[] { 0x16, 0x03, 0x01, 0x00, 0x40 }.Concat(junk).ToArray());
                        break;
                }
                socket.Close();
            }
        })).ToList();

        int served = 0;
        var good = Task.Run(async () =>
        {
            for (int i = 0; i < 10; i++)
            {
                for (int attempt = 0; ; attempt++)
                {
                    try
                    {
                        using var channel = await Connect(running, Plain);
                        Hello(channel);
                        Assert.Equal(new byte[] { (byte)i, 99 }, Ask(channel, [(byte)i, 99]));
                        channel.SendFrame(Bye);
                        channel.Flush();
                        served++;
                        break;
                    }
                    catch (ServerBusyException) when (attempt < 100)
                    {
                        await Task.Delay(50);
                    }
                    catch (ProtocolException) when (attempt < 100)
                    {
                        // Beyond MaxPendingRefusals the server closes surplus connections without a
                        // refusal frame rather than queue work for a flood; a real client retries too.
                        await Task.Delay(50);
                    }
                }
            }
        });
        await Task.WhenAll(attackers).WaitAsync(Bound);
        await good.WaitAsync(Bound);
        Assert.Equal(10, served);
        await WaitUntil(() => running.Server.ActiveSessions == 0, "every bad session ended");
        await WaitUntil(() => running.Server.ConnectionsRefused + running.Server.SessionsFailed + running.Server.SessionsCompleted >= BadConnections + 10, "every connection was accounted for");
        Assert.Equal(10, running.Server.SessionsCompleted);
        Assert.DoesNotContain(running.Log.Lines, l => l.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task Cancelling_a_client_waiting_for_admission_ends_it_at_once()
    {
        // A listener that accepts and never greets: the client waits in the admission read.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = listener.AcceptSocketAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            SessionClient.ConnectAsync("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port, Plain with { HandshakeTimeout = TimeSpan.FromSeconds(15) }, cancel.Token).WaitAsync(Bound));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"cancelling took {clock.Elapsed}");
        (await accepted).Dispose();
    }
}

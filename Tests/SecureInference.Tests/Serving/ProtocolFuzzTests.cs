using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using PiToolkit.SecureInference.Homomorphic;
using PiToolkit.SecureInference.Hosting;
using PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;
using PiToolkit.SecureInference.Protocol;
using PiToolkit.SecureInference.Serving;
using PiToolkit.SecureInference.Tests.Protocol;
using PiToolkit.SecureInference.Transport;
using Xunit.Abstractions;

namespace PiToolkit.SecureInference.Tests.Serving;

/// <summary>
/// Sends malformed frames to a running <c>pitk serve</c> handler at every protocol stage while a
/// valid client keeps classifying alongside. CI runs 60 frames (two of them after a full session setup); the full run is
/// <c>PITK_FUZZ_FRAMES=10000 dotnet test Tests/SecureInference.Tests --filter Category=Fuzz --logger "console;verbosity=detailed"</c>.
/// Every malformed frame goes in its own session (the protocol ends a session at its first bad
/// message, by design), so frames = bad sessions, and each must end with a logged reason.
/// </summary>
[Collection(ProtocolCollection.Name)]
public sealed class ProtocolFuzzTests(ProtocolFixture fixture, ITestOutputHelper output)
{
    private enum Stage { Admission, BeforeHandshake, Handshake, Keys, Offline, Online }

    /// <summary>Optional cap on the cheap stages' wall time (PITK_FUZZ_SECONDS), so that a run on a loaded machine ends; the report gives the frames actually sent.</summary>
    private static TimeSpan Cap => int.TryParse(Environment.GetEnvironmentVariable("PITK_FUZZ_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out int s) && s > 0
        ? TimeSpan.FromSeconds(s) : TimeSpan.MaxValue;

    private static int Frames => int.TryParse(Environment.GetEnvironmentVariable("PITK_FUZZ_FRAMES"), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : 60;

    [Fact]
    [Trait("Category", "Fuzz")]
    public async Task Malformed_frames_at_every_stage_end_only_their_own_session_while_a_valid_client_gets_correct_answers()
    {
        await using var harness = ServingHarness.Start(new SessionLimits
        {
            MaxConcurrentSessions = 8,
            // Long enough for an attacker's HE key generation under load; a silent attacker is still cut.
            IdleTimeout = TimeSpan.FromSeconds(30),
            HandshakeTimeout = TimeSpan.FromMinutes(3),
        });
        // The attackers and the valid client block on sockets; without spare pool threads the
        // host's accept loop would wait for thread injection and every session would look slow.
        ThreadPool.GetMinThreads(out int workerThreads, out int ioThreads);
        ThreadPool.SetMinThreads(Math.Max(workerThreads, 32), Math.Max(ioThreads, 32));
        var plan = harness.Model.Plan;
        int frames = Frames;
        // PITK_FUZZ_HE_SESSIONS overrides how many frames go after a full setup (default 1 in 250),
        // e.g. to watch RSS over many HE sessions.
        int heSessions = int.TryParse(Environment.GetEnvironmentVariable("PITK_FUZZ_HE_SESSIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out int he) && he >= 2
            ? he : Math.Max(2, frames / 250);

        // Warm up (JIT, a pooled runtime) before the first memory reading.
        using (var warm = await harness.ConnectAsync())
            warm.Classify(ServingHarness.RandomInput(new Random(1)));
        long rssBefore = Rss();
        long managedBefore = GC.GetTotalMemory(forceFullCollection: true);

        using var done = new CancellationTokenSource();
        // RSS over the run (every 2 s, no forced GC), to tell growth that levels off from a leak.
        var rssSamples = new System.Collections.Concurrent.ConcurrentQueue<long>();
        var sampler = Task.Run(async () =>
        {
            using var process = Process.GetCurrentProcess();
            while (!done.IsCancellationRequested)
            {
                process.Refresh();
                rssSamples.Enqueue(process.WorkingSet64 >> 20);
                await Task.Delay(2_000).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        });
        long runtimesCreated = SealRuntimePool.Shared.Created;
        int answers = 0;
        var valid = Task.Run(async () =>
        {
            var random = new Random(2);
            using var client = await harness.ConnectAsync();
            while (!done.IsCancellationRequested || answers == 0)
            {
                var input = ServingHarness.RandomInput(random);
                Assert.Equal(harness.Reference(input), client.Classify(input).Output.ToArray());
                Interlocked.Increment(ref answers);
                await Task.Delay(1000);
            }
        });

        // Stage by stage: the cheap stages (no HE work to reach them) from three attackers at once,
        // then the offline and online stages, each needing a full session setup (HE keys, base OTs).
        var clock = Stopwatch.StartNew();
        var counts = new int[Enum.GetValues<Stage>().Length];
        int cheap = frames - heSessions;
        int next = -1;
        await Task.WhenAll(Enumerable.Range(0, 3).Select(w => Task.Run(async () =>
        {
            var random = new Random(100 + w);
            while (clock.Elapsed < Cap && Interlocked.Increment(ref next) < cheap)
            {
                var stage = (Stage)random.Next(4);
                long t0 = Stopwatch.GetTimestamp();
                string label = await Attack(harness, stage, random, plan);
                Timings.GetOrAdd($"{stage}/{label}", _ => new()).Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                Interlocked.Increment(ref counts[(int)stage]);
            }
        }))).WaitAsync(TimeSpan.FromHours(3));
        double cheapSeconds = clock.Elapsed.TotalSeconds;
        var heRandom = new Random(99);
        for (int i = 0; i < heSessions; i++)
        {
            var stage = i % 2 == 0 ? Stage.Offline : Stage.Online;
            await HeAttack(harness, stage, heRandom, i / 2).WaitAsync(TimeSpan.FromMinutes(10));
            counts[(int)stage]++;
        }
        double seconds = clock.Elapsed.TotalSeconds;
        await done.CancelAsync();
        await valid.WaitAsync(TimeSpan.FromMinutes(2));
        await sampler.WaitAsync(TimeSpan.FromSeconds(30));

        long bad = counts.Sum();
        await harness.WaitUntil(() => harness.Server.SessionsFailed + harness.Server.ConnectionsRefused >= bad && harness.Server.ActiveSessions == 0,
            "every bad session ended");
        long rssAfter = Rss();
        long managedAfter = GC.GetTotalMemory(forceFullCollection: true);
        var lines = harness.Log.Lines;
        int reasons = lines.Count(l => l.Level == LogLevel.Warning && (l.Text.Contains(" inferences: ", StringComparison.Ordinal) || l.Text.Contains(" refused: ", StringComparison.Ordinal)));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fuzz: {bad} malformed frames ({string.Join(", ", Enum.GetValues<Stage>().Select(s => $"{s} {counts[(int)s]}"))}) in {seconds:0.0} s; before the keys {(bad - heSessions) / cheapSeconds:0.0} frames/s, after a full setup {heSessions / Math.Max(0.001, seconds - cheapSeconds):0.00} frames/s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sessions failed {harness.Server.SessionsFailed}, refused {harness.Server.ConnectionsRefused}, completed {harness.Server.SessionsCompleted}; reasons logged {reasons}; valid answers {answers}, all equal to the reference"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RSS before {rssBefore >> 20} MiB, after {rssAfter >> 20} MiB; managed heap before {managedBefore >> 20} MiB, after {managedAfter >> 20} MiB; load average {File.ReadAllText("/proc/loadavg").Trim()}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RSS every 2 s (MiB): {string.Join(" ", rssSamples)}; SEAL runtimes started during the run {SealRuntimePool.Shared.Created - runtimesCreated}, idle in the pool now {SealRuntimePool.Shared.IdleCount}"));
        foreach (var (k, v) in Timings.OrderBy(p => p.Key))
        {
            var sorted = v.OrderBy(x => x).ToArray();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {k}: n {sorted.Length}, mean {sorted.Average():0} ms, p50 {sorted[sorted.Length / 2]:0}, max {sorted[^1]:0}"));
        }
        foreach (var sample in lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Text[(l.Text.IndexOf(':', StringComparison.Ordinal) + 1)..]).Select(t => t.Length > 150 ? t[..150] : t).Distinct().Take(40))
            output.WriteLine("  " + sample);

        Assert.True(answers > 0);
        Assert.Equal(bad, harness.Server.SessionsFailed + harness.Server.ConnectionsRefused);
        Assert.True(reasons >= bad, $"{reasons} reasons logged for {bad} bad sessions");
        Assert.Equal(2, harness.Server.SessionsCompleted);
        // RSS is reported, not asserted: V8 keeps freed WASM pages mapped, so it moves with the pool
        // of SEAL runtimes (at most one per concurrent session) rather than with leaks. The managed
        // heap is where a leaked session (buffers, keys, prepared batches) would show.
        Assert.True(managedAfter < managedBefore + (64L << 20), $"managed heap grew from {managedBefore >> 20} to {managedAfter >> 20} MiB");
    }

    private static long Rss()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    /// <summary>The hello's trailing random nonce (<c>Handshake.Hello.Nonce</c>).</summary>
    private const int NonceLength = 16;

    private static SessionClientOptions Options => ServingHarness.Plain with { IdleTimeout = TimeSpan.FromSeconds(60) };

    /// <summary>Wall time per cheap-stage frame by stage and variant, reported so that a slow variant shows.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Collections.Concurrent.ConcurrentBag<double>> Timings = new();

    /// <summary>One malformed frame before the keys: no HE work needed to reach these stages. Returns the variant sent.</summary>
    private static async Task<string> Attack(ServingHarness harness, Stage stage, Random random, InferencePlan plan)
    {
        if (stage == Stage.Admission)
        {
            // Not even a PiToolkit client: garbage instead of the admission acknowledgement.
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync("127.0.0.1", harness.Port);
            await socket.SendAsync(RandomBytes(random, random.Next(1, 64)));
            socket.Shutdown(SocketShutdown.Send);
            await DrainAsync(socket);
            return "garbage";
        }
        var (channel, connection) = await ConnectRawAsync(harness);
        try
        {
            PublicModel.Receive(channel);
            if (stage != Stage.BeforeHandshake)
            {
                ImmutableArray<byte> encodings = [.. plan.Steps.OfType<LinearStep>().Select(_ => (byte)HomomorphicEncoding.Coefficient)];
                byte[] hello = Handshake.Encode(Handshake.Create(Handshake.ClientRole, plan, 8192, (byte)new ProtocolOptions().Compression, encodings,
                    ProtocolRandom.System));
                if (stage == Stage.Handshake && random.Next(3) == 0)
                {
                    // A hello with one byte flipped: a mismatch (or undecodable) the server rejects.
                    // The nonce at the end is random by design, so a flip there is no mismatch: the
                    // server accepts and would wait for the confirmation until its idle timeout
                    // (30 s, which made this 1 in 10 of a stage cost most of the stage's time).
                    hello[random.Next(hello.Length - NonceLength)] ^= (byte)(1 << random.Next(8));
                    channel.SendFrame(hello);
                    channel.Flush();
                    var (answer, _, _) = Wire.ReceiveHeader(channel);
                    Assert.Equal(MessageKind.HelloReject, answer);
                    Drain(channel);
                    return "flipped";
                }
                channel.SendFrame(hello);
                channel.Flush();
                var (kind, _, _) = Wire.ReceiveHeader(channel);
                Assert.Equal(MessageKind.HelloAccept, kind);
                byte[] reply = channel.ReceiveFrame(Handshake.MaxHelloLength);
                if (stage == Stage.Keys)
                {
                    Wire.SendHeader(channel, MessageKind.Confirm, -1, 0);
                    channel.SendFrame(Handshake.SessionId(hello, reply));
                }
            }
            // The malformed frame itself, in the place of the next message the server expects.
            int variant = Malformed(channel, stage, random);
            channel.Flush();
            // Then stop sending, as a client that gave up would: a frame cut short, or a header whose
            // body never comes, ends at once with "the peer closed the connection" instead of
            // holding an attacker for the server's 30 s idle timeout (about 1 in 66 random-bytes frames
            // is shorter than the 4-byte length prefix; 1 in 8 wrong-kind headers is one the server waits
            // on). The idle timeout itself is covered by the stalled-client test in InferenceServiceTests.
            connection.Shutdown(SocketShutdown.Send);
            Drain(channel);
            return variant.ToString(CultureInfo.InvariantCulture);
        }
        finally
        {
            channel.Dispose();
        }
    }

    /// <summary>Writes one malformed message; returns which of the variants it wrote.</summary>
    private static int Malformed(IChannel channel, Stage stage, Random random)
    {
        int variant = random.Next(stage == Stage.Keys ? 7 : 5);
        switch (variant)
        {
            case 0: // random bytes, not even a frame
                channel.Send(RandomBytes(random, random.Next(1, 200)));
                return variant;
            case 1: // a frame header promising more than follows
                channel.Send([0x00, 0x10, 0x00, 0x00, 1, 2, 3]);
                return variant;
            case 2: // an oversized frame
                channel.Send([0xFF, 0xFF, 0xFF, 0x7F]);
                return variant;
            case 3: // a valid protocol header of the wrong kind (out of order), e.g. an online message now
                Wire.SendHeader(channel, (MessageKind)(uint)new[] { 2, 10, 11, 20, 21, 22, 24, 999 }[random.Next(8)], random.Next(0, 4), (ulong)random.Next(0, 3));
                return variant;
            case 4: // a frame of the right kind with a wrong length (a 16-byte header sent as 5 or 40 bytes)
                channel.SendFrame(RandomBytes(random, random.Next(2) == 0 ? 5 : 40));
                return variant;
            case 5: // key upload: a blob announcing more than the server accepts
                Wire.SendHeader(channel, MessageKind.Keys, -1, 0);
                channel.SendFrame<long>([long.MaxValue - random.Next(100)]);
                return variant;
            default: // key upload: bytes that fail SEAL's validating load
                Wire.SendHeader(channel, MessageKind.Keys, -1, 0);
                byte[] blob = RandomBytes(random, random.Next(16, 4096));
                if (random.Next(2) == 0)
                    blob[0] = 0xA1; // SEAL's magic 0xA15E, so the header parse gets further
                if (blob.Length > 1 && blob[0] == 0xA1)
                    blob[1] = 0x5E;
                Wire.SendBlob(channel, blob);
                return variant;
        }
    }

    /// <summary>One malformed message after a complete session setup (HE keys, base OTs), in the offline or online stage.</summary>
    private async Task HeAttack(ServingHarness harness, Stage stage, Random random, int variant)
    {
        var channel = await ConnectAsync(harness);
        var model = PublicModel.Receive(channel);
        using var client = new SecureInferenceClient(channel, fixture.ClientRuntime, model.Plan, new ProtocolOptions { Timeout = TimeSpan.FromSeconds(60) });
        try
        {
            byte[] sessionId = client.SessionId.ToArray();
            var plan = model.Plan;
            int firstStep = plan.Steps[0].Index;
            if (stage == Stage.Offline)
            {
                switch (variant % 5)
                {
                    case 0: // another session's id
                        Wire.SendHeader(channel, MessageKind.OfflineBegin, -1, 1);
                        channel.SendFrame(RandomBytes(random, Handshake.SessionIdLength));
                        break;
                    case 1: // a replayed batch id
                        client.Preprocess();
                        Wire.SendHeader(channel, MessageKind.OfflineBegin, -1, 1);
                        channel.SendFrame(sessionId);
                        break;
                    case 2: // HE request bytes that fail SEAL's validation
                        Wire.SendHeader(channel, MessageKind.OfflineBegin, -1, 1);
                        channel.SendFrame(sessionId);
                        Wire.SendHeader(channel, MessageKind.LinearRequest, firstStep, 1);
                        for (int i = 0; i < 4; i++)
                            channel.SendFrame(RandomBytes(random, random.Next(100, 5000)));
                        break;
                    case 3: // the right message for the wrong step
                        Wire.SendHeader(channel, MessageKind.OfflineBegin, -1, 1);
                        channel.SendFrame(sessionId);
                        Wire.SendHeader(channel, MessageKind.LinearRequest, firstStep + 3, 1);
                        break;
                    default: // an online message where a request is expected
                        Wire.SendHeader(channel, MessageKind.LinearInput, firstStep, 1);
                        break;
                }
            }
            else
            {
                client.Preprocess();
                switch (variant % 4)
                {
                    case 0: // a batch never prepared
                        Wire.SendHeader(channel, MessageKind.OnlineBegin, -1, 7);
                        channel.SendFrame(sessionId);
                        break;
                    case 1: // the masked input with a wrong length
                        Wire.SendHeader(channel, MessageKind.OnlineBegin, -1, 1);
                        channel.SendFrame(sessionId);
                        Wire.SendHeader(channel, MessageKind.LinearInput, firstStep, 1);
                        channel.SendFrame<ulong>(new ulong[plan.InputLength - 1]);
                        break;
                    case 2: // values that are not residues mod p
                        Wire.SendHeader(channel, MessageKind.OnlineBegin, -1, 1);
                        channel.SendFrame(sessionId);
                        Wire.SendHeader(channel, MessageKind.LinearInput, firstStep, 1);
                        channel.SendFrame<ulong>(Enumerable.Repeat(ulong.MaxValue, plan.InputLength).ToArray());
                        break;
                    default: // a used batch replayed
                        client.Infer(plan.QuantizeInput(ServingHarness.RandomInput(random)));
                        Wire.SendHeader(channel, MessageKind.OnlineBegin, -1, 1);
                        channel.SendFrame(sessionId);
                        break;
                }
            }
            channel.Flush();
            Drain(channel);
        }
        finally
        {
            channel.Dispose();
        }
    }

    /// <summary>As <see cref="SessionClient.ConnectAsync"/> over plain TCP, keeping the socket so that the attacker can stop sending.</summary>
    private static async Task<(IChannel Channel, Socket Socket)> ConnectRawAsync(ServingHarness harness)
    {
        for (int attempt = 0; ; attempt++)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync("127.0.0.1", harness.Port);
            var channel = new SocketStreamChannel(socket, new NetworkStream(socket, ownsSocket: true), 1 << 16);
            channel.SetIdleTimeout(Options.IdleTimeout);
            var (status, reason) = Admission.Receive(channel);
            if (status == Admission.Status.Accepted)
            {
                Admission.SendClientAcknowledgement(channel);
                return (channel, socket);
            }
            channel.Dispose();
            Assert.True(status == Admission.Status.Busy && attempt < 200, $"refused: {reason}");
            await Task.Delay(50);
        }
    }

    private static async Task<IChannel> ConnectAsync(ServingHarness harness)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return await SessionClient.ConnectAsync("127.0.0.1", harness.Port, Options).WaitAsync(ServingHarness.Bound);
            }
            catch (ServerBusyException) when (attempt < 200)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Reads until the server closes the connection (it must, within the client's idle timeout).</summary>
    private static void Drain(IChannel channel)
    {
        var buffer = new byte[1];
        try
        {
            while (true)
                channel.Receive(buffer);
        }
        catch (PeerTimeoutException)
        {
            Assert.Fail("the server kept a session open after a malformed frame");
        }
        catch (IOException)
        {
            // Closed, as it should be.
        }
    }

    private static async Task DrainAsync(Socket socket)
    {
        var buffer = new byte[256];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            while (await socket.ReceiveAsync(buffer, timeout.Token) > 0)
            {
            }
        }
        catch (SocketException)
        {
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}

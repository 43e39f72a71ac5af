using System.Diagnostics;
using System.Globalization;
using PiToolkit.ModelFormat;
using PiToolkit.SecureInference.Homomorphic;
using PiToolkit.SecureInference.Hosting;
using PiToolkit.SecureInference.Serving;
using PiToolkit.SecureInference.Tests.Protocol;
using Xunit.Abstractions;

namespace PiToolkit.SecureInference.Tests.Serving;

/// <summary>
/// Concurrent clients, each running several inferences in its own session against one server;
/// every result must be the reference interpreter's. CI runs three clients of the tiny model with
/// one inference each (eight key generations at once take a minute on two cores); the measured run is
/// <c>PITK_LOAD_CLIENTS=8 PITK_LOAD_INFERENCES=4 dotnet test Tests/SecureInference.Tests --filter Category=Load --logger "console;verbosity=detailed"</c>.
/// </summary>
[Collection(ProtocolCollection.Name)]
public sealed class ServingLoadTests(ITestOutputHelper output)
{
    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : fallback;

    [Fact]
    [Trait("Category", "Load")]
    public async Task Concurrent_clients_all_get_the_reference_results()
    {
        int clients = Setting("PITK_LOAD_CLIENTS", 3);
        int inferences = Setting("PITK_LOAD_INFERENCES", 1);
        string? modelPath = Environment.GetEnvironmentVariable("PITK_LOAD_MODEL");
        var graph = modelPath is null ? null : PimFile.Read(modelPath);
        ThreadPool.GetMinThreads(out int workerThreads, out int ioThreads);
        ThreadPool.SetMinThreads(Math.Max(workerThreads, 32), Math.Max(ioThreads, 32));
        await using var harness = ServingHarness.Start(new SessionLimits
        {
            // Eight clients generating HE keys at once on two cores: the server waits for their upload.
            MaxConcurrentSessions = clients, HandshakeTimeout = TimeSpan.FromMinutes(20), IdleTimeout = TimeSpan.FromMinutes(20),
        }, served: graph);
        int length = harness.Model.Plan.InputLength;
        long rssBefore = Rss();

        var clock = Stopwatch.StartNew();
        var sessions = Enumerable.Range(0, clients).Select(c => Task.Factory.StartNew(() =>
        {
            var random = new Random(10 + c);
            var latencies = new List<(double Total, double Online)>();
            // Eight key generations at once on a small machine: bounded by the idle timeouts, not the harness's minute.
            using var client = InferenceClient.ConnectAsync("127.0.0.1", harness.Port, ServingHarness.Plain with { IdleTimeout = TimeSpan.FromMinutes(20) }).GetAwaiter().GetResult();
            double setup = clock.Elapsed.TotalSeconds;
            for (int i = 0; i < inferences; i++)
            {
                float[] input = [.. Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1))];
                var started = Stopwatch.GetTimestamp();
                var result = client.Classify(input);
                double total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                Assert.True(harness.Admits(input, result), $"client {c} inference {i} differs from the reference");
                latencies.Add((total, result.Costs.Where(x => x.Phase == SecureInference.Protocol.ProtocolPhase.Online).Sum(x => x.Milliseconds)));
            }
            return (Setup: setup, Latencies: latencies);
        }, TaskCreationOptions.LongRunning)).ToList();
        var results = await Task.WhenAll(sessions).WaitAsync(TimeSpan.FromMinutes(60));
        double wall = clock.Elapsed.TotalSeconds;
        long rssPeak = Rss();
        await harness.WaitUntil(() => harness.Server.SessionsCompleted == clients && harness.Server.ActiveSessions == 0, "every session ended");

        var totals = results.SelectMany(r => r.Latencies.Select(l => l.Total)).Order().ToArray();
        var online = results.SelectMany(r => r.Latencies.Select(l => l.Online)).Order().ToArray();
        double lastSetup = results.Max(r => r.Setup);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load: {clients} clients × {inferences} inferences of {harness.Graph.Architecture} ({harness.Model.Plan.ReluCount} ReLUs) in {wall:0.0} s; all {totals.Length} admitted by the reference interpreter (within its bound; bit for bit when every site is kept)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"throughput {totals.Length / wall:0.00} inferences/s overall, {totals.Length / Math.Max(0.001, wall - lastSetup):0.00}/s after the last session setup ({lastSetup:0.0} s)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"latency per inference (offline + online): p50 {Percentile(totals, 0.5):0} ms, p95 {Percentile(totals, 0.95):0} ms; online only: p50 {Percentile(online, 0.5):0} ms, p95 {Percentile(online, 0.95):0} ms"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RSS before {rssBefore >> 20} MiB, after the run {rssPeak >> 20} MiB (server and {clients} clients in one process); load average {File.ReadAllText("/proc/loadavg").Trim()}"));
        // The server's own figure for each session's key upload and base OTs (its handshake log line).
        double[] setups = [.. harness.Log.Lines.Select(l => System.Text.RegularExpressions.Regex.Match(l.Text, @"keys and base OTs in ([0-9.]+) s"))
            .Where(m => m.Success).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Order()];
        if (setups.Length > 0)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"server side of session setup (waiting for the client's keys, loading them, base OTs): {setups[0]:0.0}–{setups[^1]:0.0} s; SEAL runtimes started {SealRuntimePool.Shared.Created}"));
        Assert.Equal(clients * inferences, totals.Length);
    }

    private static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    private static long Rss()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}

using Microsoft.Extensions.Logging;
using PiToolkit.SecureInference.Hosting;
using PiToolkit.SecureInference.Protocol;
using PiToolkit.SecureInference.Serving;
using PiToolkit.SecureInference.Tests.Protocol;
using PiToolkit.SecureInference.Tests.Transport;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Tests.Serving;

/// <summary>
/// <c>pitk serve</c>'s handler and <c>pitk infer</c>'s client over loopback on a tiny model (every
/// ReLU kept, so results equal the reference interpreter bit for bit). Every wait is bounded.
/// </summary>
[Collection(ProtocolCollection.Name)]
public sealed class InferenceServiceTests(ProtocolFixture fixture)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Served_inferences_equal_the_reference_over_TLS_and_plain_TCP(bool tls)
    {
        await using var harness = ServingHarness.Start(tls: tls ? new TlsServerOptions(TestCertificates.Server) : null);
        var random = new Random(3);
        using (var client = await harness.ConnectAsync(tls ? ServingHarness.Pinned(TestCertificates.ServerPin) : null))
        {
            Assert.Equal("tiny", client.Model.Graph.Architecture);
            Assert.All(client.Model.Graph.Nodes, n => Assert.All(n.Weight ?? [], w => Assert.Equal(0f, w)));
            client.Prepare();
            for (int i = 0; i < 2; i++)
            {
                var input = ServingHarness.RandomInput(random);
                var result = client.Classify(input);
                Assert.Equal(harness.Reference(input), result.Output.ToArray());
            }
        }
        await harness.WaitUntil(() => harness.Server.SessionsCompleted == 1 && harness.Server.ActiveSessions == 0, "the session ended and freed its slot");
        Assert.True(harness.Log.Contains("session 1: handshake complete: N = 8192"), harness.Log.Text);
        Assert.True(harness.Log.Contains("session 1: inference 2: offline"), harness.Log.Text);
    }

    [Fact]
    public async Task A_client_pinning_the_wrong_fingerprint_refuses_to_talk_and_no_session_starts()
    {
        await using var harness = ServingHarness.Start(tls: new TlsServerOptions(TestCertificates.Server));

        var e = await Assert.ThrowsAsync<TransportSecurityException>(() => harness.ConnectAsync(ServingHarness.Pinned(CertificateFingerprint.Of(TestCertificates.Impostor))));

        Assert.Equal(TransportSecurityFailure.PinMismatch, e.Failure);
        await harness.WaitUntil(() => harness.Server.ConnectionsRefused == 1, "the server logged the refusal");
        Assert.False(harness.Log.Contains("handshake complete"), harness.Log.Text);
    }

    [Fact]
    public async Task An_unauthorized_client_is_refused_before_any_model_computation()
    {
        var tls = new TlsServerOptions(TestCertificates.Server) { AllowedClients = new HashSet<CertificateFingerprint> { CertificateFingerprint.Of(TestCertificates.Client) } };
        await using var harness = ServingHarness.Start(tls: tls);

        var e = await Assert.ThrowsAsync<TransportSecurityException>(() => harness.ConnectAsync(ServingHarness.Plain with
        {
            Tls = TlsClientOptions.Pinned(TestCertificates.ServerPin).WithClientCertificate(TestCertificates.Stranger),
        }));

        Assert.Equal(TransportSecurityFailure.ClientNotAuthorized, e.Failure);
        await harness.WaitUntil(() => harness.Server.ConnectionsRefused == 1, "the server logged the refusal");
        // The handler (description, SEAL runtime, handshake) never ran.
        Assert.False(harness.Log.Contains("connected from"), harness.Log.Text);
        Assert.Equal(0, harness.Server.SessionsCompleted + harness.Server.SessionsFailed);
    }

    [Fact]
    public async Task A_client_beyond_the_session_limit_gets_a_busy_refusal_at_once()
    {
        await using var harness = ServingHarness.Start(new SessionLimits { MaxConcurrentSessions = 1 });
        using var first = await harness.ConnectAsync();

        var e = await Assert.ThrowsAsync<ServerBusyException>(() => harness.ConnectAsync());

        Assert.False(e.ShuttingDown);
        var input = ServingHarness.RandomInput(new Random(4));
        Assert.Equal(harness.Reference(input), first.Classify(input).Output.ToArray());
    }

    [Fact]
    public async Task Clients_killed_mid_offline_and_mid_online_and_one_stalled_after_setup_leave_the_server_serving_a_good_client()
    {
        await using var harness = ServingHarness.Start(new SessionLimits { IdleTimeout = TimeSpan.FromSeconds(3) });

        // Killed mid-offline: the connection drops 2 KB into the first offline phase.
        var (killedOffline, offlineChannel) = await RawClient(harness);
        offlineChannel.CutAfter(2000);
        Assert.ThrowsAny<IOException>(() => killedOffline.Preprocess());
        killedOffline.Dispose();

        // Killed mid-online: the offline phase completes, the connection drops 100 bytes into the online phase.
        var (killedOnline, onlineChannel) = await RawClient(harness);
        killedOnline.Preprocess();
        onlineChannel.CutAfter(100);
        Assert.ThrowsAny<IOException>(() => killedOnline.Infer(harness.Model.Plan.QuantizeInput(ServingHarness.RandomInput(new Random(5)))));
        killedOnline.Dispose();

        // Stalled: completes the session setup, then sends nothing.
        var (stalled, stalledChannel) = await RawClient(harness);

        using (var good = await harness.ConnectAsync())
        {
            var input = ServingHarness.RandomInput(new Random(6));
            Assert.Equal(harness.Reference(input), good.Classify(input).Output.ToArray());
        }
        // No leaked session: the slots come back (the host frees a slot just after counting its end).
        await harness.WaitUntil(() => harness.Server.SessionsFailed == 3 && harness.Server.SessionsCompleted == 1 && harness.Server.ActiveSessions == 0,
            "three sessions failed, the good one ended and no session is left");
        // Each bad session ended with its reason logged (HostLog.SessionFailed).
        var failures = harness.Log.Lines.Where(l => l.Level == LogLevel.Warning && l.Text.Contains(" inferences: ", StringComparison.Ordinal)).ToList();
        Assert.True(failures.Count == 3, harness.Log.Text);
        stalled.Dispose();
        stalledChannel.Dispose();
    }

    [Fact]
    public async Task A_server_stopped_mid_session_is_reported_to_the_client_and_shutdown_is_bounded()
    {
        await using var harness = ServingHarness.Start(new SessionLimits { ShutdownGracePeriod = TimeSpan.FromSeconds(2) });
        using var client = await harness.ConnectAsync();
        var first = ServingHarness.RandomInput(new Random(8));
        Assert.Equal(harness.Reference(first), client.Classify(first).Output.ToArray());
        // Stop between two inferences: once the server has logged the first one it waits for the
        // next request. (A stop that lands while an offline phase is still finishing waits for that
        // batch's online phase, up to the grace period, and is then cut: a failed session.)
        await harness.WaitUntil(() => harness.Log.Contains("inference 1:"), "the server finished the first inference");
        await harness.StopAsync();

        var e = Assert.ThrowsAny<IOException>(() => client.Classify(ServingHarness.RandomInput(new Random(7))));
        Assert.IsType<ProtocolException>(e);
        Assert.True(harness.Server.SessionsCompleted == 1, harness.Log.Text);
        Assert.Equal(0, harness.Server.ActiveSessions);
    }

    [Fact]
    public async Task The_inference_limit_and_the_memory_budget_end_sessions_with_their_reason()
    {
        await using (var harness = ServingHarness.Start(new SessionLimits { MaxInferencesPerSession = 1 }))
        {
            using var client = await harness.ConnectAsync();
            client.Classify(ServingHarness.RandomInput(new Random(8)));
            Assert.ThrowsAny<IOException>(() => client.Classify(ServingHarness.RandomInput(new Random(9))));
            await harness.WaitUntil(() => harness.Log.Contains("inference limit"), "the limit was logged");
        }
        await using (var harness = ServingHarness.Start(new SessionLimits { MaxSessionMemoryBytes = 100L << 20 }))
        {
            await Assert.ThrowsAnyAsync<IOException>(() => harness.ConnectAsync());
            await harness.WaitUntil(() => harness.Server.SessionsFailed == 1, "the session failed");
            Assert.True(harness.Log.Contains("session memory limit"), harness.Log.Text);
        }
    }

    private async Task<(SecureInferenceClient Client, CuttingChannel Channel)> RawClient(ServingHarness harness)
    {
        var channel = new CuttingChannel(await SessionClient.ConnectAsync("127.0.0.1", harness.Port, ServingHarness.Plain).WaitAsync(ServingHarness.Bound));
        var model = PublicModel.Receive(channel);
        return (new SecureInferenceClient(channel, fixture.ClientRuntime, model.Plan, new ProtocolOptions { Timeout = TimeSpan.FromSeconds(30) }), channel);
    }
}

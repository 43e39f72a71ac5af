using System.Collections.Immutable;
using PiToolkit.SecureInference.Homomorphic;
using PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;
using PiToolkit.SecureInference.Protocol;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Tests.Protocol;

/// <summary>Every field the handshake fixes, changed one at a time, is refused by both sides with a ProtocolException.</summary>
[Collection(ProtocolCollection.Name)]
public sealed class HandshakeTests(ProtocolFixture fixture)
{
    private static readonly CompiledModel Model = TestModels.AllKept(3);

    private static readonly ImmutableArray<byte> AllSlots =
        [.. Model.Plan.Steps.OfType<LinearStep>().Select(_ => (byte)HomomorphicEncoding.Slots)];

    public static TheoryData<string, string> ClientHelloMutations => new()
    {
        { "version", "protocol version" },
        { "role", "role" },
        { "modulus", "field modulus" },
        { "fractional-bits", "fractional bits" },
        { "ring-degree", "ring degree" },
        { "small-ring", "below 8192" },
        { "compression", "compression" },
        { "plan", "public shape" },
        { "circuit", "circuit 0" },
        { "circuit-count", "circuits" },
        { "encoding-count", "encodings for 3 linear layers ≠ 4" },
        { "encoding-unknown", "unknown HE encoding 7" },
        { "garbage", "not a PiToolkit" },
    };

    [Theory]
    [MemberData(nameof(ClientHelloMutations))]
    public void Server_refuses_a_client_hello_that_differs(string mutation, string reasonFragment)
    {
        var mine = Handshake.Create(Handshake.ClientRole, Model.Plan, 8192, (byte)SealCompression.Zstd, AllSlots, ProtocolRandom.System);
        var hello = mutation switch
        {
            "version" => mine with { Version = Handshake.Version + 1 },
            "role" => mine with { Role = Handshake.ServerRole },
            "modulus" => mine with { Modulus = 1073153 },
            "fractional-bits" => mine with { FractionalBits = 9 },
            "ring-degree" => mine with { PolyModulusDegree = 16384 },
            "small-ring" => mine with { PolyModulusDegree = 4096 },
            "compression" => mine with { Compression = (byte)SealCompression.None },
            "plan" => mine with { PlanFingerprint = Flip(mine.PlanFingerprint) },
            "circuit" => mine with { CircuitFingerprints = [Flip(mine.CircuitFingerprints[0]), .. mine.CircuitFingerprints[1..]] },
            "circuit-count" => mine with { CircuitFingerprints = mine.CircuitFingerprints[1..] },
            "encoding-count" => mine with { Encodings = mine.Encodings[1..] },
            "encoding-unknown" => mine with { Encodings = [7, .. mine.Encodings[1..]] },
            _ => mine,
        };
        byte[] bytes = mutation == "garbage" ? new byte[100] : Handshake.Encode(hello);

        var (client, server) = InMemoryChannel.CreatePair();
        using (client)
        using (server)
        {
            var serverTask = Task.Run(() => new SecureInferenceServer(server, fixture.ServerRuntime, Model, ProtocolRun.TestOptions()));
            client.SendFrame(bytes);
            client.Flush();
            var (kind, _, _) = Wire.ReceiveHeader(client);
            Assert.Equal(MessageKind.HelloReject, kind);
            Assert.Contains(reasonFragment, Handshake.ReceiveReason(client), StringComparison.Ordinal);
            var error = Assert.Throws<ProtocolException>(() => serverTask.GetAwaiter().GetResult());
            Assert.Contains(reasonFragment, error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("role", "role")]
    [InlineData("plan", "public shape")]
    [InlineData("modulus", "field modulus")]
    [InlineData("encodings", "HE layer encodings")]
    public void Client_refuses_a_server_hello_that_differs(string mutation, string reasonFragment)
    {
        var (client, server) = InMemoryChannel.CreatePair();
        using (client)
        using (server)
        {
            var clientTask = Task.Run(() => new SecureInferenceClient(client, fixture.ClientRuntime, Model.Plan, ProtocolRun.TestOptions()));
            var theirs = Handshake.Decode(server.ReceiveFrame(Handshake.MaxHelloLength));
            var reply = mutation switch
            {
                "role" => theirs,
                "plan" => theirs with { Role = Handshake.ServerRole, PlanFingerprint = Flip(theirs.PlanFingerprint) },
                "encodings" => theirs with { Role = Handshake.ServerRole, Encodings = [.. theirs.Encodings.Select(e => (byte)(3 - e))] },
                _ => theirs with { Role = Handshake.ServerRole, Modulus = 1073153 },
            };
            Wire.SendHeader(server, MessageKind.HelloAccept, -1, 0);
            server.SendFrame(Handshake.Encode(reply));
            server.Flush();
            var error = Assert.Throws<ProtocolException>(() => clientTask.GetAwaiter().GetResult());
            Assert.Contains(reasonFragment, error.Message, StringComparison.Ordinal);
            var (kind, _, _) = Wire.ReceiveHeader(server);
            Assert.Equal(MessageKind.HelloReject, kind);
        }
    }

    [Fact]
    public void Server_refuses_a_confirmation_with_another_session_id()
    {
        var (client, server) = InMemoryChannel.CreatePair();
        using (client)
        using (server)
        {
            var serverTask = Task.Run(() => new SecureInferenceServer(server, fixture.ServerRuntime, Model, ProtocolRun.TestOptions()));
            client.SendFrame(Handshake.Encode(Handshake.Create(Handshake.ClientRole, Model.Plan, 8192, (byte)SealCompression.Zstd, AllSlots, ProtocolRandom.System)));
            client.Flush();
            Wire.ExpectHeader(client, MessageKind.HelloAccept, -1, 0);
            client.ReceiveFrame(Handshake.MaxHelloLength);
            Wire.SendHeader(client, MessageKind.Confirm, -1, 0);
            client.SendFrame(new byte[Handshake.SessionIdLength]);
            client.Flush();
            var error = Assert.Throws<ProtocolException>(() => serverTask.GetAwaiter().GetResult());
            Assert.Contains("session id", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(HomomorphicEncoding.Slots, HomomorphicEncoding.Coefficient)]
    [InlineData(HomomorphicEncoding.Coefficient, HomomorphicEncoding.Slots)]
    public void A_server_refuses_a_layer_encoding_its_option_does_not_allow_and_both_sides_raise(HomomorphicEncoding server, HomomorphicEncoding client)
    {
        var (clientChannel, serverChannel) = InMemoryChannel.CreatePair();
        using (clientChannel)
        using (serverChannel)
        {
            var serverTask = Task.Run(() => new SecureInferenceServer(serverChannel, fixture.ServerRuntime, Model, ProtocolRun.TestOptions() with { Encoding = server }));
            var error = Assert.Throws<ProtocolException>(() =>
                new SecureInferenceClient(clientChannel, fixture.ClientRuntime, Model.Plan, ProtocolRun.TestOptions() with { Encoding = client }));
            string expected = $"the client chose {client.ToString().ToLowerInvariant()} encoding; this server allows only {server.ToString().ToLowerInvariant()}";
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
            var serverError = Assert.Throws<ProtocolException>(() => serverTask.GetAwaiter().GetResult());
            Assert.Contains(expected, serverError.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_server_configured_below_8192_refuses_even_a_matching_client()
    {
        var options = ProtocolRun.TestOptions() with { PolyModulusDegree = 4096 };
        var (client, server) = InMemoryChannel.CreatePair();
        using (client)
        using (server)
        {
            var serverTask = Task.Run(() => new SecureInferenceServer(server, fixture.ServerRuntime, Model, options));
            var error = Assert.Throws<ProtocolException>(() => new SecureInferenceClient(client, fixture.ClientRuntime, Model.Plan, options));
            Assert.Contains("below 8192", error.Message, StringComparison.Ordinal);
            Assert.Throws<ProtocolException>(() => serverTask.GetAwaiter().GetResult());
        }
    }

    public static TheoryData<string, string> BatchMutations => new()
    {
        { "unprepared-online", "No prepared batch 99" },
        { "stale-offline", "not newer" },
        { "other-session", "another session" },
        { "wrong-message", "Expected LinearRequest for step 0 of batch 5" },
        { "wrong-step", "Expected LinearRequest for step 0 of batch 5, got LinearRequest for step 3" },
        { "not-a-request", "Expected a request" },
    };

    [Theory]
    [MemberData(nameof(BatchMutations))]
    public void Server_refuses_batches_and_messages_it_does_not_expect(string mutation, string reasonFragment)
    {
        // A small ring keeps session setup fast; no HE result is used here (test-only override).
        var options = ProtocolRun.TestOptions() with { PolyModulusDegree = 4096, AllowInsecureRingForTests = true };
        var (clientChannel, serverChannel) = InMemoryChannel.CreatePair();
        using (clientChannel)
        using (serverChannel)
        {
            var serverTask = Task.Run(() =>
            {
                using var server = new SecureInferenceServer(serverChannel, fixture.ServerRuntime, Model, options);
                server.Serve();
            });
            using var client = new SecureInferenceClient(clientChannel, fixture.ClientRuntime, Model.Plan, options);
            byte[] session = client.SessionId.ToArray();
            switch (mutation)
            {
                case "unprepared-online":
                    Wire.SendHeader(clientChannel, MessageKind.OnlineBegin, -1, 99);
                    clientChannel.SendFrame(session);
                    break;
                case "stale-offline":
                    Wire.SendHeader(clientChannel, MessageKind.OfflineBegin, -1, 0);
                    clientChannel.SendFrame(session);
                    break;
                case "other-session":
                    Wire.SendHeader(clientChannel, MessageKind.OfflineBegin, -1, 5);
                    clientChannel.SendFrame(new byte[Handshake.SessionIdLength]);
                    break;
                case "wrong-message":
                    Wire.SendHeader(clientChannel, MessageKind.OfflineBegin, -1, 5);
                    clientChannel.SendFrame(session);
                    Wire.SendHeader(clientChannel, MessageKind.LinearInput, 0, 5);
                    break;
                case "wrong-step":
                    Wire.SendHeader(clientChannel, MessageKind.OfflineBegin, -1, 5);
                    clientChannel.SendFrame(session);
                    Wire.SendHeader(clientChannel, MessageKind.LinearRequest, 3, 5);
                    break;
                default:
                    Wire.SendHeader(clientChannel, MessageKind.Output, -1, 5);
                    break;
            }
            clientChannel.Flush();
            var error = Assert.Throws<ProtocolException>(() => serverTask.GetAwaiter().GetResult());
            Assert.Contains(reasonFragment, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_silent_peer_makes_session_setup_fail_with_a_timeout_instead_of_hanging()
    {
        var options = ProtocolRun.TestOptions() with { Timeout = TimeSpan.FromMilliseconds(300) };
        var (client, server) = InMemoryChannel.CreatePair();
        using (client)
        using (server)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var error = Assert.Throws<ProtocolException>(() => new SecureInferenceServer(server, fixture.ServerRuntime, Model, options));
            Assert.Contains("did not finish within", error.Message, StringComparison.Ordinal);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
        }
    }

    private static ImmutableArray<byte> Flip(ImmutableArray<byte> bytes)
    {
        var copy = bytes.ToArray();
        copy[0] ^= 1;
        return [.. copy];
    }
}

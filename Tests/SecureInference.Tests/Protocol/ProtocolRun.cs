using PiToolkit.SecureInference.Protocol;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Tests.Protocol;

/// <summary>Runs server and client of one session concurrently on a <see cref="LoopbackPair"/>.</summary>
internal static class ProtocolRun
{
    public static ProtocolOptions TestOptions(ulong seed = 0) => new()
    {
        Timeout = TimeSpan.FromMinutes(3),
        Workers = 1, // two parties already share the machine's two cores
        Random = seed == 0 ? ProtocolRandom.System : ProtocolRandom.Seeded(seed),
    };

    public static (List<InferenceResult> Results, SecureInferenceServer Server) Run(ProtocolFixture fixture, CompiledModel model,
        IReadOnlyList<ulong[]> inputs, ProtocolOptions? clientOptions = null, ProtocolOptions? serverOptions = null,
        Func<IChannel, IChannel>? wrapClient = null, Func<IChannel, IChannel>? wrapServer = null, bool tcp = false)
    {
        using var pair = LoopbackPair.ConnectAsync(tcp ? LoopbackTransport.Tcp : LoopbackTransport.Memory).GetAwaiter().GetResult();
        var (server, results) = pair.RunAsync(
            channel =>
            {
                // The server's cost records stay readable after Serve returns; tests read them, nothing else.
                var server = new SecureInferenceServer(wrapServer?.Invoke(channel) ?? channel, fixture.ServerRuntime, model, serverOptions ?? TestOptions());
                server.Serve();
                return server;
            },
            channel =>
            {
                var results = new List<InferenceResult>();
                using var client = new SecureInferenceClient(wrapClient?.Invoke(channel) ?? channel, fixture.ClientRuntime, model.Plan, clientOptions ?? TestOptions());
                foreach (var _ in inputs)
                    client.Preprocess();
                foreach (var input in inputs)
                    results.Add(client.Infer(input));
                return results;
            }).GetAwaiter().GetResult();
        return (results, server);
    }
}

using PiToolkit.SecureInference.Protocol;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Tests.Protocol;

/// <summary>Runs client and server of one session on two threads over an in-memory channel.</summary>
internal static class ProtocolRun
{
    public static ProtocolOptions TestOptions(ulong seed = 0) => new()
    {
        Timeout = TimeSpan.FromMinutes(3),
        Random = seed == 0 ? ProtocolRandom.System : ProtocolRandom.Seeded(seed),
    };

    public static (List<InferenceResult> Results, SecureInferenceServer Server) Run(ProtocolFixture fixture, CompiledModel model,
        IReadOnlyList<ulong[]> inputs, ProtocolOptions? clientOptions = null, ProtocolOptions? serverOptions = null,
        Func<IChannel, IChannel>? wrapClient = null, Func<IChannel, IChannel>? wrapServer = null, bool tcp = false)
    {
        var (a, b) = tcp ? TcpPair() : InMemoryChannel.CreatePair();
        IChannel clientChannel = wrapClient?.Invoke(a) ?? a, serverChannel = wrapServer?.Invoke(b) ?? b;
        SecureInferenceServer? server = null;
        var serverTask = Task.Run(() =>
        {
            server = new SecureInferenceServer(serverChannel, fixture.ServerRuntime, model, serverOptions ?? TestOptions());
            server.Serve();
        });
        var results = new List<InferenceResult>();
        try
        {
            using (var client = new SecureInferenceClient(clientChannel, fixture.ClientRuntime, model.Plan, clientOptions ?? TestOptions()))
            {
                foreach (var _ in inputs)
                    client.Preprocess();
                foreach (var input in inputs)
                    results.Add(client.Infer(input));
            }
            serverTask.GetAwaiter().GetResult();
        }
        finally
        {
            clientChannel.Dispose();
            serverChannel.Dispose();
            try
            {
                serverTask.Wait(TimeSpan.FromSeconds(30));
            }
            catch (AggregateException)
            {
                // The test's own assertion (or the client's exception) reports what went wrong.
            }
        }
        return (results, server!);
    }

    private static (IChannel Client, IChannel Server) TcpPair()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var accept = TcpChannel.AcceptAsync(listener);
            var client = TcpChannel.ConnectAsync((System.Net.IPEndPoint)listener.LocalEndpoint).GetAwaiter().GetResult();
            return (client, accept.GetAwaiter().GetResult());
        }
        finally
        {
            listener.Stop();
        }
    }
}

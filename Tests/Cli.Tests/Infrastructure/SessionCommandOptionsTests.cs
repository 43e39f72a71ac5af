using System.CommandLine;
using PiToolkit.Cli.Commands;
using PiToolkit.Cli.Infrastructure;
using PiToolkit.SecureInference.Hosting;
using PiToolkit.SecureInference.Inputs;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.Cli.Tests.Infrastructure;

/// <summary>
/// The option sets <c>pitk serve</c> and <c>pitk infer</c> will use, bound from real command lines and
/// driven end to end over loopback with a stand-in handler (the protocol is not part of this test).
/// </summary>
[Collection("Console")]
public sealed class SessionCommandOptionsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pitk-session-options-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (ParseResult Parse, ServerCommandOptions Options) Server(params string[] args)
    {
        var command = new RootCommand();
        var options = ServerCommandOptions.AddTo(command);
        return (command.Parse(args), options);
    }

    private static (ParseResult Parse, ClientCommandOptions Options) Client(params string[] args)
    {
        var command = new RootCommand();
        var options = ClientCommandOptions.AddTo(command);
        return (command.Parse(args), options);
    }

    [Fact]
    public void Defaults_come_from_the_library_limits()
    {
        var (parse, options) = Server();
        Assert.Empty(parse.Errors);
        var bound = options.ToServerOptions(parse);
        Assert.Equal(new SessionLimits(), bound.Limits);
        Assert.Null(bound.Tls);
        Assert.Equal(7100, bound.Port);
    }

    [Fact]
    public async Task A_certificate_from_pitk_cert_create_serves_TLS_that_a_pinned_client_from_the_command_line_reaches()
    {
        string pfx = Path.Combine(_folder, "server.pfx");
        var created = new StringWriter();
        CertCommandFactory.CreateCertificate(pfx, "localhost", 2, pem: false, force: false, created);
        string pin = created.ToString().Split('\n').Select(l => l.Trim()).Single(l => CertificateFingerprint.TryParse(l, out _));

        var (serverParse, serverOptions) = Server("--port", "0", "--tls-cert", pfx, "--max-sessions", "2", "--idle-timeout", "5", "--grace", "1");
        var bound = serverOptions.ToServerOptions(serverParse);
        Assert.Equal(2, bound.Limits.MaxConcurrentSessions);
        Assert.Equal(TimeSpan.FromSeconds(5), bound.Limits.IdleTimeout);
        await using var server = new SessionServer(bound, (channel, context, _) =>
        {
            context.CompleteHandshake("stand-in");
            channel.SendFrame(channel.ReceiveFrame(64));
            channel.Flush();
            return Task.CompletedTask;
        });
        server.Start();
        using var stop = new CancellationTokenSource();
        var run = server.RunAsync(stop.Token);

        var (clientParse, clientOptions) = Client("--server", $"127.0.0.1:{server.LocalEndPoint.Port}", "--pin", pin);
        var (host, port, options) = clientOptions.ToClientOptions(clientParse);
        using (var channel = await SessionClient.ConnectAsync(host, port, options).WaitAsync(TimeSpan.FromSeconds(20)))
        {
            channel.SendFrame("ping"u8);
            channel.Flush();
            Assert.Equal("ping"u8.ToArray(), channel.ReceiveFrame());
        }
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Theory]
    [InlineData("--allow-client", "AA")]
    [InlineData("--bind", "0.0.0.0")]
    [InlineData("--bind", "not-an-address")]
    public void Server_option_mistakes_are_user_errors(string option, string value)
    {
        var (parse, options) = Server(option, value);
        Assert.Throws<UserError>(() => options.ToServerOptions(parse));
    }

    [Fact]
    public void Client_option_mistakes_are_user_errors()
    {
        var (both, o1) = Client("--pin", new string('A', 64), "--ca", "ca.pem");
        Assert.Throws<UserError>(() => o1.ToClientOptions(both));
        var (badPin, o2) = Client("--pin", "12:34");
        Assert.Contains("not a SHA-256 fingerprint", Assert.Throws<UserError>(() => o2.ToClientOptions(badPin)).Message);
        var (certWithoutTls, o3) = Client("--client-cert", "client.pfx");
        Assert.Throws<UserError>(() => o3.ToClientOptions(certWithoutTls));
        var (plain, o4) = Client();
        Assert.Null(o4.ToClientOptions(plain).Options.Tls);
    }

    [Theory]
    [InlineData("localhost:7100", "localhost", 7100)]
    [InlineData("127.0.0.1:9", "127.0.0.1", 9)]
    [InlineData("[::1]:7200", "::1", 7200)]
    [InlineData("[::1]", "::1", 7100)]
    [InlineData("example.org", "example.org", 7100)]
    public void Server_addresses_parse(string text, string host, int port)
    {
        Assert.Equal((host, port), ClientCommandOptions.ParseServer(text));
    }

    [Theory]
    [InlineData("host:0")]
    [InlineData("host:70000")]
    [InlineData(":7100")]
    [InlineData("[::1")]
    public void Bad_server_addresses_are_user_errors(string text)
    {
        Assert.Throws<UserError>(() => ClientCommandOptions.ParseServer(text));
    }

    [Fact]
    public void Inputs_name_exactly_one_source_and_mnist_indices_carry_their_labels()
    {
        var command = new RootCommand();
        var options = InputCommandOptions.AddTo(command);
        var inputs = options.ToInputs(command.Parse(["--mnist", "0", "--count", "2"]));
        Assert.Equal(["MNIST test #0", "MNIST test #1"], inputs.Select(i => i.Name));
        Assert.Equal([7, 2], inputs.Select(i => i.Label));
        Assert.Equal(784, inputs[0].Load(InputSpec.Create([1, 28, 28], [0.1307], [0.3081])).Length);
        Assert.Throws<UserError>(() => options.ToInputs(command.Parse([])));
        Assert.Throws<UserError>(() => options.ToInputs(command.Parse(["--mnist", "9999", "--count", "2"])));
        Assert.Throws<UserError>(() => options.ToInputs(command.Parse(["--mnist", "1", "--image", "x.png"])));
    }
}

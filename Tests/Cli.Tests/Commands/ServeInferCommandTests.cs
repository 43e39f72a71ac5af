using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using PiToolkit.ModelFormat;
using PiToolkit.SecureInference.Inputs;
using PiToolkit.SecureInference.Protocol;

namespace PiToolkit.Cli.Tests.Commands;

/// <summary>
/// <c>pitk serve</c> in a child process (so that it can be stopped with a signal, as Ctrl-C does) and
/// <c>pitk infer</c> in-process against it, on loopback, with a small MNIST-shaped model whose every
/// ReLU is kept: the prediction must be the reference interpreter's.
/// </summary>
[Collection("Console")]
public sealed partial class ServeInferCommandTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);
    private readonly string _folder = Directory.CreateTempSubdirectory("pitk-serve-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Serve_and_infer_classify_an_MNIST_image_as_the_reference_does_over_plain_TCP_and_TLS_and_serve_exits_0_on_a_signal()
    {
        string model = WriteModel();
        int expected = ReferencePrediction(model, 7);

        // Plain TCP.
        await using (var server = await ServerProcess.StartAsync(_folder, "serve", "--model", model, "--port", "0"))
        {
            Assert.Contains("PLAIN TCP", server.Banner, StringComparison.Ordinal);
            string json = Path.Combine(_folder, "plain.json");
            var (code, output, error) = PitkRunner.Run("infer", "--server", $"127.0.0.1:{server.Port}", "--mnist", "7", "--json", json);
            Assert.True(code == 0, error + output);
            Assert.Contains($"MNIST test #7: class {expected}", output, StringComparison.Ordinal);
            Assert.Contains("online", output, StringComparison.Ordinal);
            using var document = JsonDocument.Parse(File.ReadAllText(json));
            var result = document.RootElement.GetProperty("results")[0];
            Assert.Equal(expected, result.GetProperty("prediction").GetInt32());
            Assert.Equal(10, result.GetProperty("scores").GetArrayLength());
            Assert.True(result.GetProperty("online_bytes").GetInt64() > 0);

            Assert.Equal(0, await server.StopAsync());
            Assert.Contains("inference 1: offline", server.Log, StringComparison.Ordinal);
            Assert.Contains("stopped", server.Log, StringComparison.Ordinal);
        }

        // TLS with a certificate from `pitk cert create`, the client pinning it; then a wrong pin.
        string pfx = Path.Combine(_folder, "server.pfx");
        var (certCode, certOutput, _) = PitkRunner.Run("cert", "create", "--out", pfx);
        Assert.Equal(0, certCode);
        string pin = FingerprintPattern().Match(certOutput).Value;
        await using (var server = await ServerProcess.StartAsync(_folder, "serve", "--model", model, "--port", "0", "--tls-cert", pfx))
        {
            var (code, output, error) = PitkRunner.Run("infer", "--server", $"127.0.0.1:{server.Port}", "--mnist", "7", "--pin", pin);
            Assert.True(code == 0, error + output);
            Assert.Contains($"MNIST test #7: class {expected}", output, StringComparison.Ordinal);

            string wrong = string.Join(':', Enumerable.Repeat("AB", 32));
            var (wrongCode, _, wrongError) = PitkRunner.Run("infer", "--server", $"127.0.0.1:{server.Port}", "--mnist", "7", "--pin", wrong);
            Assert.Equal(1, wrongCode);
            Assert.Single(wrongError.Trim().Split('\n'));
            Assert.Contains("fingerprint", wrongError, StringComparison.OrdinalIgnoreCase);

            Assert.Equal(0, await server.StopAsync());
        }

        // Nothing listening any more: one line, exit 1.
        var (refusedCode, _, refused) = PitkRunner.Run("infer", "--server", "127.0.0.1:1", "--mnist", "7");
        Assert.Equal(1, refusedCode);
        Assert.Single(refused.Trim().Split('\n'));
        Assert.StartsWith("pitk: error: ", refused, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_refuses_a_budget_too_small_for_the_model_and_a_missing_model_with_one_line()
    {
        var (code, _, error) = PitkRunner.Run("serve", "--model", WriteModel(), "--port", "0", "--max-session-memory-mb", "300");
        Assert.Equal(1, code);
        Assert.Contains("--max-session-memory-mb", error, StringComparison.Ordinal);
        var (missing, _, missingError) = PitkRunner.Run("serve", "--model", Path.Combine(_folder, "none.pim"));
        Assert.Equal(1, missing);
        Assert.Single(missingError.Trim().Split('\n'));
    }

    [Fact]
    public async Task The_demo_ends_by_classifying_MNIST_images_through_serve_and_infer()
    {
        string model = WriteModel();
        var output = new StringWriter();

        await Cli.Commands.DemoCommandFactory.ServeAndClassifyAsync(model, 2, output, CancellationToken.None).WaitAsync(Bound);

        string text = output.ToString();
        Assert.Contains("PLAIN TCP", text, StringComparison.Ordinal);
        Assert.Contains($"MNIST test #0: class {ReferencePrediction(model, 0)}", text, StringComparison.Ordinal);
        Assert.Contains($"MNIST test #1: class {ReferencePrediction(model, 1)}", text, StringComparison.Ordinal);
        Assert.Contains("(true 7", text, StringComparison.Ordinal);   // MNIST test image 0 is a 7
        Assert.Contains("online", text, StringComparison.Ordinal);
    }

    private string WriteModel()
    {
        var random = new Random(1);
        float[] Weights(int n, double scale) => [.. Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale))];
        var graph = new ModelGraph("test-mnist", [1, 28, 28], 10, [0.1307], [0.3081],
        [
            new GraphNode(GraphOp.Conv, [0], [2, 12, 12], Weights(2 * 25, 0.3), [2, 1, 5, 5], Weights(2, 0.1), 5, 2, 0),
            new GraphNode(GraphOp.Relu, [1], [2, 12, 12]),
            new GraphNode(GraphOp.AvgPool, [2], [2, 6, 6], Kernel: 2),
            new GraphNode(GraphOp.Flatten, [3], [72]),
            new GraphNode(GraphOp.Linear, [4], [10], Weights(10 * 72, 0.3), [10, 72], Weights(10, 0.1)),
        ]);
        string path = Path.Combine(_folder, "model.pim");
        PimFile.Write(graph, path);
        return path;
    }

    private static int ReferencePrediction(string path, int index)
    {
        var graph = PimFile.Read(path);
        var model = PlanCompiler.Compile(graph);
        var (input, _) = MnistTestSet.Load(index, InputSpec.Create(graph.InputShape, graph.Mean, graph.Std));
        var logits = ReferenceInterpreter.Evaluate(model, model.Plan.QuantizeInput(input)).Logits;
        return logits.IndexOf(logits.Max());
    }

    [GeneratedRegex("([0-9A-F]{2}:){31}[0-9A-F]{2}")]
    private static partial Regex FingerprintPattern();

    /// <summary>A <c>pitk serve</c> child process: waits for its listening line, stops it with SIGTERM (what Ctrl-C and service managers send).</summary>
    private sealed partial class ServerProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _log = new();

        private ServerProcess(Process process) => _process = process;

        public int Port { get; private set; }

        public string Banner { get; private set; } = "";

        public string Log
        {
            get
            {
                lock (_log) return _log.ToString();
            }
        }

        public static async Task<ServerProcess> StartAsync(string folder, params string[] args)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
            start.ArgumentList.Add(PitkDll());
            foreach (string a in args) start.ArgumentList.Add(a);
            var server = new ServerProcess(Process.Start(start)!);
            var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnLine(string? line)
            {
                if (line is null) return;
                lock (server._log) server._log.AppendLine(line);
                var match = ListeningPattern().Match(line);
                if (match.Success) listening.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
            server._process.OutputDataReceived += (_, e) => OnLine(e.Data);
            server._process.ErrorDataReceived += (_, e) => OnLine(e.Data);
            server._process.BeginOutputReadLine();
            server._process.BeginErrorReadLine();
            var exited = server._process.WaitForExitAsync();
            var first = await Task.WhenAny(listening.Task, exited, Task.Delay(Bound));
            Assert.True(first == listening.Task, "pitk serve did not start listening:\n" + server.Log);
            server.Port = await listening.Task;
            server.Banner = server.Log;
            return server;
        }

        public async Task<int> StopAsync()
        {
            if (!_process.HasExited)
            {
                using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync();
            }
            await _process.WaitForExitAsync().WaitAsync(Bound);
            return _process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
        }

        private static string PitkDll()
        {
            string local = Path.Combine(AppContext.BaseDirectory, "pitk.dll");
            if (File.Exists(Path.Combine(AppContext.BaseDirectory, "pitk.runtimeconfig.json"))) return local;
            // Fall back to the Cli project's own output for the same configuration.
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            string framework = directory.Name, configuration = directory.Parent!.Name;
            for (var d = directory; d is not null; d = d.Parent)
            {
                string candidate = Path.Combine(d.FullName, "Cli", "bin", configuration, framework, "pitk.dll");
                if (File.Exists(candidate)) return candidate;
            }
            throw new FileNotFoundException("pitk.dll not found next to the tests or in Cli/bin");
        }

        [GeneratedRegex(@"listening on [^ ]*:(\d+) ")]
        private static partial Regex ListeningPattern();
    }
}

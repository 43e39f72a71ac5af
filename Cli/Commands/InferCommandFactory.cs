using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PiToolkit.Cli.Infrastructure;
using PiToolkit.SecureInference.Hosting;
using PiToolkit.SecureInference.Protocol;
using PiToolkit.SecureInference.Serving;
using PiToolkit.SecureInference.Transport;
using AtomicFile = PiToolkit.ModelFormat.IO.AtomicFile;

namespace PiToolkit.Cli.Commands;

/// <summary>
/// <c>pitk infer</c>: classifies images privately with a <c>pitk serve</c> server. Prints each
/// prediction with its scores, the true label when known, and the offline and online time and
/// bytes; <c>--json</c> writes the same for scripts. Every failure (busy, mismatch, TLS, timeout,
/// nothing listening, the server leaving) is one line on stderr and exit code 1.
/// </summary>
public static class InferCommandFactory
{
    /// <summary>The <c>infer</c> command.</summary>
    public static Command Create()
    {
        var json = new Option<FileInfo?>("--json") { Description = "Also write the results as JSON to this file" };
        var prepare = new Option<int>("--prepare")
        {
            Description = "Run this many offline phases right after connecting, so that each query then waits only for its online phase (at most the server's --prepare)",
            DefaultValueFactory = _ => 0,
        };
        prepare.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0) r.AddError("--prepare must be zero or positive");
        });
        var command = new Command("infer", "Classify images privately with a `pitk serve` server: it never sees the image, you never see its weights") { json, prepare };
        var client = ClientCommandOptions.AddTo(command);
        var input = InputCommandOptions.AddTo(command);
        command.SetGuardedAction(async (parse, token) =>
        {
            var (host, port, options) = client.ToClientOptions(parse);
            var inputs = input.ToInputs(parse);
            var results = await RunAsync(host, port, options, inputs, parse.GetValue(prepare), Console.Out, token).ConfigureAwait(false);
            if (parse.GetValue(json) is { } file)
            {
                WriteJson(file.FullName, host, port, options, results);
                Console.WriteLine($"results → {file.FullName}");
            }
            return 0;
        });
        return command;
    }

    /// <summary>One classified input.</summary>
    /// <param name="Input">What was classified.</param>
    /// <param name="Result">The protocol's result (logits, costs).</param>
    public sealed record Classified(ClientInput Input, InferenceResult Result)
    {
        /// <summary>Client-side offline wall time.</summary>
        public double OfflineMs => Result.Costs.Where(c => c.Phase == ProtocolPhase.Offline).Sum(c => c.Milliseconds);

        /// <summary>Client-side online wall time (what the user waits for once the input is known).</summary>
        public double OnlineMs => Result.Costs.Where(c => c.Phase == ProtocolPhase.Online).Sum(c => c.Milliseconds);

        /// <summary>Offline bytes, both directions.</summary>
        public long OfflineBytes => Result.Costs.Where(c => c.Phase == ProtocolPhase.Offline).Sum(c => c.BytesSent + c.BytesReceived);

        /// <summary>Online bytes, both directions.</summary>
        public long OnlineBytes => Result.Costs.Where(c => c.Phase == ProtocolPhase.Online).Sum(c => c.BytesSent + c.BytesReceived);
    }

    /// <summary>Connects, classifies every input in one session and prints one block per input.</summary>
    /// <exception cref="IOException">Connecting, TLS, admission or the protocol failed (typed: <see cref="ServerBusyException"/>, <see cref="TransportSecurityException"/>, <see cref="ProtocolException"/>, ...); the message is one line.</exception>
    public static async Task<IReadOnlyList<Classified>> RunAsync(string host, int port, SessionClientOptions options, IReadOnlyList<ClientInput> inputs,
        int prepare, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(output);
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(options.Tls is null
            ? $"connecting to {host}:{port} over PLAIN TCP (no encryption, no server authentication)"
            : $"connecting to {host}:{port} over TLS ({(options.Tls.PinnedServer is { } pin ? $"pinned {pin}" : "certificate authority")})");
        using var session = await InferenceClient.ConnectAsync(host, port, options, cancellationToken: cancellationToken).ConfigureAwait(false);
        var model = session.Model;
        var setup = session.SessionCosts;
        output.WriteLine(string.Create(inv,
            $"model: {model.Graph.Architecture}, input {CensusPrinter.Shape(model.Graph.InputShape)}, {model.Graph.Classes} classes, {model.Plan.ReluCount:N0} ReLUs; session setup {setup.Sum(c => c.Milliseconds) / 1000:0.0} s, {Bytes(setup.Sum(c => c.BytesSent + c.BytesReceived))}"));
        var results = new List<Classified>();
        try
        {
            for (int i = 0; i < Math.Min(prepare, inputs.Count); i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                session.Prepare();
            }
            if (prepare > 0)
                output.WriteLine(string.Create(inv, $"prepared {session.PreparedCount} offline batches ahead"));
            foreach (var input in inputs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                float[] tensor = input.Load(model.Input);
                var result = session.Classify(tensor);
                var classified = new Classified(input, result);
                results.Add(classified);
                string truth = input.Label is { } label ? (label == result.Prediction ? $" (true {label}, correct)" : $" (true {label}, WRONG)") : "";
                output.WriteLine(string.Create(inv,
                    $"{input.Name}: class {result.Prediction}{truth}  offline {classified.OfflineMs / 1000:0.00} s {Bytes(classified.OfflineBytes)}, online {classified.OnlineMs:0} ms {Bytes(classified.OnlineBytes)}"));
                output.WriteLine("  scores: " + string.Join("  ", result.Logits.Select((v, k) => string.Create(inv, $"{k}: {v:0.00}"))));
            }
        }
        catch (ProtocolException e)
        {
            throw new ProtocolException($"the server ended the session ({e.Message.TrimEnd('.')}); it may be shutting down, restarted, or have reached a session limit", e);
        }
        catch (InvalidOperationException e)
        {
            throw new ProtocolException($"the session failed earlier and cannot continue: {e.Message}", e);
        }
        if (results.Count(r => r.Input.Label is not null) is > 1 and var known)
        {
            int correct = results.Count(r => r.Input.Label == r.Result.Prediction);
            output.WriteLine(string.Create(inv, $"accuracy {correct}/{known}; median online {Median(results.Select(r => r.OnlineMs)):0} ms, offline {Median(results.Select(r => r.OfflineMs)) / 1000:0.00} s"));
        }
        return results;
    }

    private static void WriteJson(string path, string host, int port, SessionClientOptions options, IReadOnlyList<Classified> results)
    {
        var document = new
        {
            server = $"{host}:{port}",
            transport = options.Tls is null ? "tcp" : "tls",
            results = results.Select(r => new
            {
                name = r.Input.Name,
                label = r.Input.Label,
                prediction = r.Result.Prediction,
                scores = r.Result.Logits,
                offline_ms = r.OfflineMs,
                online_ms = r.OnlineMs,
                offline_bytes = r.OfflineBytes,
                online_bytes = r.OnlineBytes,
            }),
        };
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Bytes(long bytes) => bytes >= 1_000_000
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:0.00} MB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e3:0.0} KB");
}

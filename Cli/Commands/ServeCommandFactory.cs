using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using PiToolkit.Cli.Infrastructure;
using PiToolkit.ModelFormat;
using PiToolkit.SecureInference.Homomorphic;
using PiToolkit.SecureInference.Hosting;
using PiToolkit.SecureInference.Protocol;
using PiToolkit.SecureInference.Serving;

namespace PiToolkit.Cli.Commands;

/// <summary>
/// <c>pitk serve</c>: loads, validates and compiles a .pim model, prints what it serves, and serves
/// private inferences (<see cref="InferenceService"/> on a <see cref="SessionServer"/>) until Ctrl-C
/// or SIGTERM, which stops accepting, lets running inferences finish within <c>--grace</c>, and
/// exits 0.
/// </summary>
public static class ServeCommandFactory
{
    /// <summary>The command's name; <see cref="Program"/> leaves its termination signals to it.</summary>
    public const string Name = "serve";

    /// <summary>The <c>serve</c> command.</summary>
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "The model to serve (.pim, written by `pitk export`)", Required = true };
        var prepare = CommonOptions.PositiveInt("--prepare", "Offline batches a client may prepare ahead of its queries (pitk infer --prepare); each is charged to the session's memory",
            InferenceServiceOptions.DefaultPreparedBatches);
        var verbose = new Option<bool>("--verbose") { Description = "Also log debug events" };
        var command = new Command(Name, "Serve private inferences of a model to `pitk infer` clients until Ctrl-C") { model, prepare, verbose };
        var server = ServerCommandOptions.AddTo(command);
        command.SetGuardedAction(async (parse, _) =>
        {
            var options = server.ToServerOptions(parse);
            using var service = Load(parse.GetValue(model)!.FullName, parse.GetValue(prepare), options.Limits.MaxConcurrentSessions);
            CheckBudget(service, options.Limits);
            Describe(service, options, Console.Out);
            using var loggers = ConsoleLogging.Create(parse.GetValue(verbose));
            await RunUntilSignalledAsync(options, service, loggers.CreateLogger("pitk.serve")).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>Reads, validates and compiles the model and makes its public description.</summary>
    /// <exception cref="ModelFormatException">The file is not a valid .pim model.</exception>
    /// <exception cref="UserError">The protocol cannot run it (max pooling, field overflow); the message names the layer.</exception>
    public static InferenceService Load(string path, int preparedBatches, int sessions)
    {
        var graph = PimFile.Read(path);
        CompiledModel compiled;
        try
        {
            compiled = PlanCompiler.Compile(graph);
        }
        catch (ModelCompilationException e)
        {
            throw new UserError(e.Message);
        }
        var options = new InferenceServiceOptions { PreparedBatches = preparedBatches };
        // Each session holds one runtime plus one per HE worker: keep as many idle as a full house uses.
        SealRuntimePool.Shared.MaxIdle = Math.Max(SealRuntimePool.Shared.MaxIdle, sessions * (1 + options.Protocol.Workers));
        return new InferenceService(compiled, PublicModel.FromServerModel(graph, compiled.Plan), options);
    }

    /// <summary>Prints the model, the protocol parameters and the public shape clients see.</summary>
    public static void Describe(InferenceService service, SessionServerOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var graph = service.Description.Graph;
        var plan = service.Model.Plan;
        var protocol = service.Protocol;
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"model:      {graph.Architecture}, input {CensusPrinter.Shape(graph.InputShape)}, {graph.Classes} classes, {graph.Parameters:N0} weights and biases (secret: they never leave this process)"));
        output.WriteLine(string.Create(inv, $"nonlinear:  {plan.ReluCount:N0} ReLUs garbled + 0 comparisons; {plan.IdentityCount:N0} linearized positions (free)"));
        output.WriteLine(string.Create(inv, $"protocol:   Delphi-style HE + garbled circuits, N = {protocol.PolyModulusDegree}, p = {plan.Modulus}, f = {plan.FractionalBits}, {protocol.Compression} compression; headroom margin {service.Model.Headroom.MarginBits:F1} bits"));
        output.WriteLine(string.Create(inv, $"public:     plan {Convert.ToHexString(plan.Fingerprint.AsSpan()).ToLowerInvariant()} (what clients see: shapes, kept ReLU positions, normalisation mean {string.Join('/', graph.Mean)} std {string.Join('/', graph.Std)})"));
        foreach (var step in plan.Steps)
        {
            string detail = step is ReluStep relu ? string.Create(inv, $"{relu.KeptPositions.Length} kept, {relu.IdentityPositions.Length} linearized") : "";
            output.WriteLine(string.Create(inv, $"            {step.Name,-14} {step.Kind,-9} → {step.OutputLength,7} values  {detail}"));
        }
        output.WriteLine(string.Create(inv, $"sessions:   at most {options.Limits.MaxConcurrentSessions} at once, {options.Limits.MaxInferencesPerSession} inferences each, {service.Protocol.MaxPreparedBatches} prepared ahead; {service.SessionBytes / 1048576.0:0} MiB of {options.Limits.MaxSessionMemoryBytes >> 20} MiB reserved per session"));
        output.WriteLine(options.Tls is null
            ? $"transport:  PLAIN TCP on {options.Address}:{options.Port} (no encryption, no server authentication; loopback demos only)"
            : $"transport:  TLS on {options.Address}:{options.Port}, clients pin {SecureInference.Transport.CertificateFingerprint.Of(options.Tls.Certificate)}"
              + (options.Tls.RequiresClientCertificate ? "; client certificates required" : ""));
        output.Flush();
    }

    /// <summary>Serves until SIGINT or SIGTERM (or <paramref name="cancellationToken"/>), then stops gracefully.</summary>
    /// <exception cref="IOException">The port cannot be bound.</exception>
    public static async Task RunUntilSignalledAsync(SessionServerOptions options, InferenceService service, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnSignal(PosixSignalContext context)
        {
            // Handled here rather than by System.CommandLine, whose 2 s termination timeout would cut
            // the grace period that running inferences are promised.
            context.Cancel = true;
            stop.Cancel();
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        await using var server = new SessionServer(options, service.Handler, logger);
        server.Start();
        await server.RunAsync(stop.Token).ConfigureAwait(false);
    }

    private static void CheckBudget(InferenceService service, SessionLimits limits)
    {
        long needed = service.SessionBytes + 2L * limits.ChannelBufferBytes;
        if (needed > limits.MaxSessionMemoryBytes)
        {
            throw new UserError(string.Create(CultureInfo.InvariantCulture,
                $"--max-session-memory-mb {limits.MaxSessionMemoryBytes >> 20}: a session of this model needs {Math.Ceiling(needed / 1048576.0)} MiB (SEAL runtime, client keys, {service.Protocol.MaxPreparedBatches} prepared batches); raise it or lower --prepare"));
        }
    }
}

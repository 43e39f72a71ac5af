using System.CommandLine;
using System.Net;
using PiToolkit.SecureInference.Hosting;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.Cli.Infrastructure;

/// <summary>
/// The listening, TLS and limit options of a serving command (<c>pitk serve</c>), with their defaults
/// taken from <see cref="SessionLimits"/> so that the help text and the library never disagree.
/// </summary>
public sealed class ServerCommandOptions
{
    private static readonly SessionLimits Defaults = new();

    /// <summary>--port.</summary>
    public Option<int> Port { get; } = new("--port") { Description = "TCP port to listen on", DefaultValueFactory = _ => 7100 };

    /// <summary>--bind.</summary>
    public Option<string> Bind { get; } = new("--bind") { Description = "Address to listen on (plain TCP is only allowed on loopback)", DefaultValueFactory = _ => "127.0.0.1" };

    /// <summary>--tls-cert.</summary>
    public Option<FileInfo?> TlsCertificate { get; } = new("--tls-cert") { Description = "Serve TLS with this certificate: a .pfx, or a PEM certificate (key in the same file or --tls-key); `pitk cert create` makes one" };

    /// <summary>--tls-key.</summary>
    public Option<FileInfo?> TlsKey { get; } = new("--tls-key") { Description = "PEM private key of --tls-cert, when it is a separate file" };

    /// <summary>--tls-password-env.</summary>
    public Option<string?> TlsPasswordVariable { get; } = new("--tls-password-env") { Description = "Name of an environment variable holding the PFX or PEM key password (never on the command line, where ps shows it)" };

    /// <summary>--allow-client.</summary>
    public Option<string[]> AllowedClients { get; } = new("--allow-client")
    {
        Description = "Require client certificates and accept this SHA-256 fingerprint (repeatable); see `pitk cert fingerprint`",
        DefaultValueFactory = _ => [],
    };

    /// <summary>--client-ca.</summary>
    public Option<FileInfo?> ClientAuthority { get; } = new("--client-ca") { Description = "Require client certificates and accept those issued by this authority (PEM/DER)" };

    /// <summary>--max-sessions.</summary>
    public Option<int> MaxSessions { get; } = CommonOptions.PositiveInt("--max-sessions", "Sessions served at once; more connections get a 'busy' refusal", Defaults.MaxConcurrentSessions);

    /// <summary>--max-inferences.</summary>
    public Option<int> MaxInferences { get; } = CommonOptions.PositiveInt("--max-inferences", "Inferences one session may run", Defaults.MaxInferencesPerSession);

    /// <summary>--handshake-timeout.</summary>
    public Option<double> HandshakeTimeout { get; } = Seconds("--handshake-timeout", "Seconds from connecting to a completed handshake (TLS and protocol)", Defaults.HandshakeTimeout);

    /// <summary>--idle-timeout.</summary>
    public Option<double> IdleTimeout { get; } = Seconds("--idle-timeout", "Seconds a read or write may make no progress before the session is cut", Defaults.IdleTimeout);

    /// <summary>--max-session-time.</summary>
    public Option<double> MaxSessionTime { get; } = Seconds("--max-session-time", "Seconds a session may last in total", Defaults.MaxSessionDuration);

    /// <summary>--grace.</summary>
    public Option<double> Grace { get; } = Seconds("--grace", "Seconds running sessions get to finish after Ctrl-C", Defaults.ShutdownGracePeriod);

    /// <summary>--max-frame-mb.</summary>
    public Option<int> MaxFrameMib { get; } = CommonOptions.PositiveInt("--max-frame-mb", "Largest message a client may send, in MiB", Defaults.MaxFrameBytes >> 20);

    /// <summary>--max-session-memory-mb.</summary>
    public Option<int> MaxSessionMemoryMib { get; } = CommonOptions.PositiveInt("--max-session-memory-mb", "Memory one session may hold (keys, prepared inferences, buffers), in MiB", (int)(Defaults.MaxSessionMemoryBytes >> 20));

    /// <summary>Creates the options and adds them to <paramref name="command"/>.</summary>
    public static ServerCommandOptions AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var o = new ServerCommandOptions();
        foreach (Option option in (Option[])[o.Port, o.Bind, o.TlsCertificate, o.TlsKey, o.TlsPasswordVariable, o.AllowedClients, o.ClientAuthority,
                     o.MaxSessions, o.MaxInferences, o.HandshakeTimeout, o.IdleTimeout, o.MaxSessionTime, o.Grace, o.MaxFrameMib, o.MaxSessionMemoryMib])
        {
            command.Options.Add(option);
        }
        return o;
    }

    /// <summary>Builds the server options from the command line, loading certificates.</summary>
    /// <exception cref="UserError">An address, fingerprint or combination is invalid.</exception>
    /// <exception cref="CertificateFileException">A certificate file cannot be used.</exception>
    public SessionServerOptions ToServerOptions(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (!IPAddress.TryParse(parse.GetValue(Bind), out var address))
            throw new UserError($"--bind: '{parse.GetValue(Bind)}' is not an IP address");
        var allowed = parse.GetValue(AllowedClients) ?? [];
        var authority = parse.GetValue(ClientAuthority);
        var certificate = parse.GetValue(TlsCertificate);
        if (certificate is null && (allowed.Length > 0 || authority is not null || parse.GetValue(TlsKey) is not null))
            throw new UserError("--allow-client, --client-ca and --tls-key need TLS: give --tls-cert (see `pitk cert create`)");
        TlsServerOptions? tls = null;
        if (certificate is not null)
        {
            string? password = ClientCommandOptions.Password(parse.GetValue(TlsPasswordVariable));
            var fingerprints = new HashSet<CertificateFingerprint>();
            foreach (var text in allowed)
            {
                if (!CertificateFingerprint.TryParse(text, out var fingerprint))
                    throw new UserError($"--allow-client: '{text}' is not a SHA-256 fingerprint (64 hex digits, colons allowed)");
                fingerprints.Add(fingerprint);
            }
            tls = new TlsServerOptions(CertificateFiles.LoadWithPrivateKey(certificate.FullName, parse.GetValue(TlsKey)?.FullName, password))
            {
                AllowedClients = fingerprints,
                ClientAuthority = authority is null ? null : CertificateFiles.LoadPublic(authority.FullName),
            };
        }
        var limits = new SessionLimits
        {
            MaxConcurrentSessions = parse.GetValue(MaxSessions),
            MaxInferencesPerSession = parse.GetValue(MaxInferences),
            HandshakeTimeout = TimeSpan.FromSeconds(parse.GetValue(HandshakeTimeout)),
            IdleTimeout = TimeSpan.FromSeconds(parse.GetValue(IdleTimeout)),
            MaxSessionDuration = TimeSpan.FromSeconds(parse.GetValue(MaxSessionTime)),
            ShutdownGracePeriod = TimeSpan.FromSeconds(parse.GetValue(Grace)),
            MaxFrameBytes = (int)Math.Min(int.MaxValue, (long)parse.GetValue(MaxFrameMib) << 20),
            MaxSessionMemoryBytes = (long)parse.GetValue(MaxSessionMemoryMib) << 20,
        };
        var options = new SessionServerOptions { Address = address, Port = parse.GetValue(Port), Tls = tls, Limits = limits };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new UserError(e.ParamName == nameof(SessionServerOptions.Address)
                ? $"--bind {address}: plain TCP is only served on loopback; give --tls-cert to serve other machines"
                : $"limits: {e.Message.Split(" (Parameter", 2)[0]}");
        }
        return options;
    }

    private static Option<double> Seconds(string name, string description, TimeSpan defaultValue)
    {
        var option = new Option<double>(name) { Description = description, DefaultValueFactory = _ => defaultValue.TotalSeconds };
        option.Validators.Add(r =>
        {
            double v = r.GetValueOrDefault<double>();
            if (!(v > 0) || v > SessionLimits.MaxDuration.TotalSeconds) r.AddError($"{name} must be a positive number of seconds (at most {SessionLimits.MaxDuration.TotalDays:0} days)");
        });
        return option;
    }
}

using System.CommandLine;
using System.Globalization;
using PiToolkit.SecureInference.Hosting;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.Cli.Infrastructure;

/// <summary>
/// The connection options of a client command (<c>pitk infer</c>): the server address and how it is
/// recognised (a pinned fingerprint or a CA; neither means plain TCP, which the command labels insecure).
/// </summary>
public sealed class ClientCommandOptions
{
    private static readonly SessionClientOptions Defaults = new();

    /// <summary>--server.</summary>
    public Option<string> Server { get; } = new("--server") { Description = "The server as host:port ([::1]:7100 for IPv6)", DefaultValueFactory = _ => "localhost:7100" };

    /// <summary>--pin.</summary>
    public Option<string?> Pin { get; } = new("--pin") { Description = "Use TLS and accept only the server certificate with this SHA-256 fingerprint (printed by `pitk cert create`)" };

    /// <summary>--ca.</summary>
    public Option<FileInfo?> Authority { get; } = new("--ca") { Description = "Use TLS and accept server certificates issued by this authority (PEM/DER) for the host name" };

    /// <summary>--client-cert.</summary>
    public Option<FileInfo?> ClientCertificate { get; } = new("--client-cert") { Description = "Client certificate (.pfx, or PEM with the key in it or in --client-key) for servers that authenticate clients" };

    /// <summary>--client-key.</summary>
    public Option<FileInfo?> ClientKey { get; } = new("--client-key") { Description = "PEM private key of --client-cert, when it is a separate file" };

    /// <summary>--client-password-env.</summary>
    public Option<string?> ClientPasswordVariable { get; } = new("--client-password-env") { Description = "Name of an environment variable holding the client certificate's password" };

    /// <summary>--timeout.</summary>
    public Option<double> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds the server may stay silent before the client gives up",
        DefaultValueFactory = _ => Defaults.IdleTimeout.TotalSeconds,
    };

    /// <summary>Creates the options and adds them to <paramref name="command"/>.</summary>
    public static ClientCommandOptions AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var o = new ClientCommandOptions();
        o.Timeout.Validators.Add(r =>
        {
            double v = r.GetValueOrDefault<double>();
            if (!(v > 0) || v > TimeSpan.FromDays(1).TotalSeconds) r.AddError("--timeout must be a positive number of seconds (at most one day)");
        });
        foreach (Option option in (Option[])[o.Server, o.Pin, o.Authority, o.ClientCertificate, o.ClientKey, o.ClientPasswordVariable, o.Timeout])
        {
            command.Options.Add(option);
        }
        return o;
    }

    /// <summary>Builds the connection from the command line, loading certificates.</summary>
    /// <returns>Host, port and options; <c>Options.Tls</c> is null for plain TCP (the caller should say it is insecure).</returns>
    /// <exception cref="UserError">The address, fingerprint or combination is invalid.</exception>
    /// <exception cref="CertificateFileException">A certificate file cannot be used.</exception>
    public (string Host, int Port, SessionClientOptions Options) ToClientOptions(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var (host, port) = ParseServer(parse.GetValue(Server) ?? "");
        string? pin = parse.GetValue(Pin);
        var authority = parse.GetValue(Authority);
        var certificate = parse.GetValue(ClientCertificate);
        if (pin is not null && authority is not null)
            throw new UserError("give either --pin or --ca, not both: a pin already says exactly which server to trust");
        if (pin is null && authority is null && (certificate is not null || parse.GetValue(ClientKey) is not null))
            throw new UserError("--client-cert needs TLS: give the server's --pin or --ca as well");
        TlsClientOptions? tls = null;
        if (pin is not null)
        {
            if (!CertificateFingerprint.TryParse(pin, out var fingerprint))
                throw new UserError($"--pin: '{pin}' is not a SHA-256 fingerprint (64 hex digits, colons allowed)");
            tls = TlsClientOptions.Pinned(fingerprint);
        }
        else if (authority is not null)
        {
            tls = TlsClientOptions.TrustingAuthority(CertificateFiles.LoadPublic(authority.FullName));
        }
        if (tls is not null && certificate is not null)
        {
            string? password = Password(parse.GetValue(ClientPasswordVariable));
            tls = tls.WithClientCertificate(CertificateFiles.LoadWithPrivateKey(certificate.FullName, parse.GetValue(ClientKey)?.FullName, password));
        }
        return (host, port, new SessionClientOptions { Tls = tls, IdleTimeout = TimeSpan.FromSeconds(parse.GetValue(Timeout)) });
    }

    /// <summary>Splits <c>host:port</c>, <c>[v6]:port</c> or a bare host (port 7100).</summary>
    /// <exception cref="UserError">The text is not of that form or the port is out of range.</exception>
    public static (string Host, int Port) ParseServer(string text)
    {
        string host = text.Trim();
        string? portText = null;
        if (host.StartsWith('['))
        {
            int close = host.IndexOf(']', StringComparison.Ordinal);
            if (close < 0) throw new UserError($"--server: '{text}' has no closing ']'");
            if (close + 1 < host.Length)
            {
                if (host[close + 1] != ':') throw new UserError($"--server: expected ':' after ']' in '{text}'");
                portText = host[(close + 2)..];
            }
            host = host[1..close];
        }
        else if (host.Count(c => c == ':') == 1)
        {
            portText = host[(host.IndexOf(':', StringComparison.Ordinal) + 1)..];
            host = host[..host.IndexOf(':', StringComparison.Ordinal)];
        }
        if (host.Length == 0) throw new UserError($"--server: '{text}' names no host");
        int port = 7100;
        if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
            throw new UserError($"--server: '{portText}' is not a port (1-65535)");
        return (host, port);
    }

    /// <summary>Reads a password from the named environment variable (never from the command line).</summary>
    /// <exception cref="UserError">The variable is named but not set.</exception>
    internal static string? Password(string? variable)
    {
        if (variable is null) return null;
        return Environment.GetEnvironmentVariable(variable) ?? throw new UserError($"environment variable {variable} (the certificate password) is not set");
    }
}

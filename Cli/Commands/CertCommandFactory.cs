using System.CommandLine;
using System.Globalization;
using PiToolkit.Cli.Infrastructure;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.Cli.Commands;

/// <summary>
/// <c>pitk cert create</c>: a self-signed TLS certificate for <c>pitk serve</c>, and
/// <c>pitk cert fingerprint</c>: the SHA-256 fingerprint a client pins.
/// </summary>
public static class CertCommandFactory
{
    /// <summary>The <c>cert</c> command with its subcommands.</summary>
    public static Command Create()
    {
        var command = new Command("cert", "TLS certificates for pitk serve: create a self-signed one, show the fingerprint clients pin");
        command.Subcommands.Add(CreateCreate());
        command.Subcommands.Add(CreateFingerprint());
        return command;
    }

    private static Command CreateCreate()
    {
        var output = new Option<FileInfo>("--out") { Description = "The PKCS#12 file to write (certificate and private key, owner-only, no password)", Required = true };
        var name = new Option<string>("--name") { Description = "Host name or address clients connect to (the certificate's CN; localhost, 127.0.0.1 and ::1 are always included)", DefaultValueFactory = _ => "localhost" };
        var days = CommonOptions.PositiveInt("--days", $"Validity in days (at most {SelfSignedCertificate.MaxDays})", SelfSignedCertificate.DefaultDays);
        var pem = new Option<bool>("--pem") { Description = "Also write the certificate (<out>.crt.pem) and the private key (<out>.key.pem, owner-only) as PEM" };
        var force = new Option<bool>("--force") { Description = "Replace existing files" };
        var command = new Command("create", "Create a self-signed ECDSA P-256 certificate and print the SHA-256 fingerprint clients pin") { output, name, days, pem, force };
        command.SetGuardedAction(parse =>
        {
            CreateCertificate(parse.GetValue(output)!.FullName, parse.GetValue(name)!, parse.GetValue(days), parse.GetValue(pem), parse.GetValue(force), Console.Out);
            return 0;
        });
        return command;
    }

    private static Command CreateFingerprint()
    {
        var file = new Argument<FileInfo>("file") { Description = "A certificate: PKCS#12 (.pfx/.p12), PEM or DER" };
        var command = new Command("fingerprint", "Print a certificate's SHA-256 fingerprint, subject and validity") { file };
        command.SetGuardedAction(parse =>
        {
            using var certificate = CertificateFiles.LoadPublic(parse.GetValue(file)!.FullName);
            Console.WriteLine($"subject:     {certificate.Subject}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"valid:       {certificate.NotBefore.ToUniversalTime():yyyy-MM-dd} to {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd} (UTC)"));
            Console.WriteLine($"fingerprint: {CertificateFingerprint.Of(certificate)}");
            return 0;
        });
        return command;
    }

    /// <summary>Creates the certificate and writes the files; every target is checked before anything is written.</summary>
    /// <exception cref="UserError">A target exists and <paramref name="force"/> is off, or the name or days are invalid.</exception>
    public static void CreateCertificate(string path, string name, int days, bool pem, bool force, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (days > SelfSignedCertificate.MaxDays)
            throw new UserError($"--days must be at most {SelfSignedCertificate.MaxDays}");
        string certificatePem = PemPath(path, ".crt.pem");
        string keyPem = PemPath(path, ".key.pem");
        var targets = pem ? new[] { path, certificatePem, keyPem } : [path];
        if (!force && targets.FirstOrDefault(t => File.Exists(t) || Directory.Exists(t)) is { } existing)
            throw new UserError($"{existing} already exists; choose another --out or pass --force to replace it");
        System.Security.Cryptography.X509Certificates.X509Certificate2 certificate;
        try
        {
            certificate = SelfSignedCertificate.Create(name, days);
        }
        catch (ArgumentException e) when (e.ParamName == "name")
        {
            throw new UserError($"--name: '{name}' is not a host name or an IP address");
        }
        using (certificate)
        {
            CertificateFiles.WritePfx(certificate, path, force);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {path}: self-signed ECDSA P-256 certificate for {name}, valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd} (UTC); keep it private"));
            if (pem)
            {
                CertificateFiles.WriteCertificatePem(certificate, certificatePem, force);
                CertificateFiles.WriteKeyPem(certificate, keyPem, force);
                output.WriteLine($"wrote {certificatePem} (certificate, public) and {keyPem} (private key, owner-only)");
            }
            output.WriteLine("SHA-256 fingerprint (clients pin this with --pin):");
            output.WriteLine($"  {CertificateFingerprint.Of(certificate)}");
        }
    }

    private static string PemPath(string path, string suffix)
    {
        string stem = Path.GetExtension(path) is ".pfx" or ".p12" ? Path.ChangeExtension(path, null) : path;
        return stem + suffix;
    }
}

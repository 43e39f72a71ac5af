using System.Security.Cryptography.X509Certificates;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.Cli.Tests.Commands;

/// <summary><c>pitk cert create</c> and <c>pitk cert fingerprint</c> in-process, in a temporary folder.</summary>
[Collection("Console")]
public sealed class CertCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pitk-cert-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string In(string name) => Path.Combine(_folder, name);

    private static string PrintedFingerprint(string output) =>
        output.Split('\n').Select(l => l.Trim()).Single(l => CertificateFingerprint.TryParse(l, out _));

    [Fact]
    public void Create_writes_an_owner_only_pfx_and_pem_pair_and_prints_the_fingerprint_clients_pin()
    {
        var (code, output, error) = PitkRunner.Run("cert", "create", "--out", In("server.pfx"), "--name", "demo.local", "--days", "30", "--pem");
        Assert.True(code == 0, error);
        string printed = PrintedFingerprint(output);
        using var pfx = X509CertificateLoader.LoadPkcs12FromFile(In("server.pfx"), null);
        Assert.True(pfx.HasPrivateKey);
        Assert.Equal(CertificateFingerprint.Of(pfx).ToString(), printed);
        Assert.Equal("CN=demo.local, O=PiToolkit", pfx.Subject);
        Assert.InRange((pfx.NotAfter - DateTime.Now).TotalDays, 29, 31);
        using (var key = pfx.GetECDsaPublicKey())
        {
            Assert.Equal(256, key?.KeySize);
        }
        using var pem = CertificateFiles.LoadWithPrivateKey(In("server.crt.pem"), In("server.key.pem"));
        Assert.Equal(printed, CertificateFingerprint.Of(pem).ToString());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(In("server.pfx")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(In("server.key.pem")));
        }
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));

        var (fpCode, fpOutput, _) = PitkRunner.Run("cert", "fingerprint", In("server.crt.pem"));
        Assert.Equal(0, fpCode);
        Assert.Contains(printed, fpOutput);
    }

    [Fact]
    public void Create_never_replaces_an_existing_file_unless_forced()
    {
        Assert.Equal(0, PitkRunner.Run("cert", "create", "--out", In("server.pfx")).Code);
        byte[] before = File.ReadAllBytes(In("server.pfx"));
        var (code, output, error) = PitkRunner.Run("cert", "create", "--out", In("server.pfx"));
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal($"pitk: error: {In("server.pfx")} already exists; choose another --out or pass --force to replace it", error.Trim());
        Assert.Equal(before, File.ReadAllBytes(In("server.pfx")));

        // A PEM target that exists blocks the whole run, before the PFX is written.
        File.WriteAllText(In("other.key.pem"), "keep me");
        Assert.Equal(1, PitkRunner.Run("cert", "create", "--out", In("other.pfx"), "--pem").Code);
        Assert.False(File.Exists(In("other.pfx")));
        Assert.Equal("keep me", File.ReadAllText(In("other.key.pem")));

        Assert.Equal(0, PitkRunner.Run("cert", "create", "--out", In("server.pfx"), "--force").Code);
        Assert.NotEqual(before, File.ReadAllBytes(In("server.pfx")));
    }

    [Theory]
    [InlineData("--name", "not a host!")]
    [InlineData("--days", "0")]
    [InlineData("--days", "100000")]
    public void Create_refuses_bad_names_and_lifetimes_with_one_line(string option, string value)
    {
        var (code, _, error) = PitkRunner.Run("cert", "create", "--out", In("x.pfx"), option, value);
        Assert.Equal(1, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("pitk: error:", error);
        Assert.False(File.Exists(In("x.pfx")));
    }

    [Fact]
    public void Fingerprint_of_a_file_that_is_not_a_certificate_is_one_line()
    {
        File.WriteAllText(In("junk.pem"), "not a certificate");
        var (code, _, error) = PitkRunner.Run("cert", "fingerprint", In("junk.pem"));
        Assert.Equal(1, code);
        Assert.StartsWith("pitk: error: Cannot load the certificate", error);
    }
}

using System.Security.Cryptography;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Tests.Transport;

public class CertificateFingerprintTests
{
    [Fact]
    public void The_fingerprint_is_the_SHA_256_of_the_DER_certificate()
    {
        var certificate = TestCertificates.Server;
        var expected = Convert.ToHexString(SHA256.HashData(certificate.RawData));
        Assert.Equal(expected, CertificateFingerprint.Of(certificate).Hex);
    }

    [Fact]
    public void It_prints_as_colon_separated_pairs_and_parses_back_in_every_common_form()
    {
        var fingerprint = TestCertificates.ServerPin;
        string text = fingerprint.ToString();
        Assert.Equal(95, text.Length);
        Assert.Equal(fingerprint, CertificateFingerprint.Parse(text));
        Assert.Equal(fingerprint, CertificateFingerprint.Parse(text.ToLowerInvariant()));
        Assert.Equal(fingerprint, CertificateFingerprint.Parse(fingerprint.Hex));
        Assert.Equal(fingerprint, CertificateFingerprint.Parse("sha256:" + fingerprint.Hex));
        Assert.Equal(fingerprint, CertificateFingerprint.Parse("SHA256 Fingerprint=" + text));
        Assert.True(fingerprint.Matches(TestCertificates.Server));
        Assert.False(fingerprint.Matches(TestCertificates.Impostor));
    }

    [Theory]
    [InlineData("")]
    [InlineData("AB:CD")]
    [InlineData("zz")]
    public void Anything_but_32_hex_bytes_is_a_format_error(string text)
    {
        Assert.Throws<FormatException>(() => CertificateFingerprint.Parse(text));
        Assert.False(CertificateFingerprint.TryParse(text, out _));
        Assert.Throws<FormatException>(() => CertificateFingerprint.Parse(TestCertificates.ServerPin.Hex + "00"));
    }
}

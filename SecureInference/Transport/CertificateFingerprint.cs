using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PiToolkit.SecureInference.Transport;

/// <summary>
/// The SHA-256 hash of a certificate's DER encoding: what a client pins to recognise the server (and
/// what a server's allow-list holds to recognise clients). Printed as 32 colon-separated hex bytes,
/// the form <c>openssl x509 -fingerprint -sha256</c> shows, so operators can compare it by eye.
/// </summary>
/// <remarks>
/// Pinning the whole certificate (rather than its public key) means a renewed certificate needs a
/// new pin; that is the price of not trusting any authority at all, and <c>pitk cert create</c>
/// prints the new value.
/// </remarks>
public readonly record struct CertificateFingerprint
{
    private const int Length = 32;
    private readonly string? _hex;

    private CertificateFingerprint(string hex) => _hex = hex;

    /// <summary>Upper-case hex of the 32 hash bytes, without separators.</summary>
    public string Hex => _hex ?? throw new InvalidOperationException("An uninitialised fingerprint has no value.");

    /// <summary>The fingerprint of <paramref name="certificate"/>.</summary>
    public static CertificateFingerprint Of(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new CertificateFingerprint(Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256)));
    }

    /// <summary>
    /// Parses a fingerprint written as 64 hex digits, optionally separated by colons, spaces or dashes
    /// and optionally prefixed with <c>sha256:</c> or <c>SHA256 Fingerprint=</c>; case is ignored.
    /// </summary>
    /// <exception cref="FormatException">The text is not 32 bytes of hex.</exception>
    public static CertificateFingerprint Parse(string text) =>
        TryParse(text, out var fingerprint)
            ? fingerprint
            : throw new FormatException($"'{text}' is not a SHA-256 certificate fingerprint (64 hex digits, colons allowed).");

    /// <summary>Parses like <see cref="Parse"/> without throwing.</summary>
    public static bool TryParse(string? text, out CertificateFingerprint fingerprint)
    {
        fingerprint = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        foreach (var prefix in (string[])["SHA256 Fingerprint=", "sha256:", "sha256/"])
        {
            if (s.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                s = s[prefix.Length..];
                break;
            }
        }
        Span<char> digits = stackalloc char[2 * Length];
        int n = 0;
        foreach (var c in s)
        {
            if (c is ':' or ' ' or '-') continue;
            if (!char.IsAsciiHexDigit(c) || n == digits.Length) return false;
            digits[n++] = char.ToUpperInvariant(c);
        }
        if (n != digits.Length) return false;
        fingerprint = new CertificateFingerprint(new string(digits));
        return true;
    }

    /// <summary>Whether <paramref name="certificate"/> has this fingerprint.</summary>
    public bool Matches(X509Certificate certificate) => Of(certificate) == this;

    /// <summary>Colon-separated upper-case hex, e.g. <c>3A:F1:…</c>.</summary>
    public override string ToString()
    {
        return _hex is null ? "" : Pairs(_hex, Length);
    }

    /// <summary>The first <paramref name="bytes"/> bytes, colon-separated: enough to tell certificates apart in a log line.</summary>
    public string ToShortString(int bytes = 8)
    {
        bytes = Math.Clamp(bytes, 1, Length);
        return Pairs(Hex, bytes) + (bytes < Length ? "…" : "");
    }

    private static string Pairs(string hex, int count) =>
        string.Join(':', Enumerable.Range(0, count).Select(i => hex.Substring(2 * i, 2)));
}

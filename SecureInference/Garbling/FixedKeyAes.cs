using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using System.Text;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace PiToolkit.SecureInference.Garbling;

/// <summary>
/// The public fixed AES-128 key behind the garbling and OT-extension hashes, and the run-time choice
/// between the AES-NI path and the portable one.
/// </summary>
/// <remarks>
/// The key is SHA-256("PiToolkit fixed-key AES v1") truncated to 16 bytes: public and fixed, as the
/// fixed-key (ideal permutation) model of Bellare et al. 2013 and Guo et al. 2020 assumes; changing
/// it changes the wire format.
/// </remarks>
public static class FixedKeyAes
{
    private static readonly AsyncLocal<bool> s_forcePortable = new();

    internal static readonly byte[] Key = SHA256.HashData(Encoding.ASCII.GetBytes("PiToolkit fixed-key AES v1"))[..16];
    internal static readonly byte[] RoundKeys = PortableAes.ExpandKey(Key);

    internal static readonly Vector128<byte> K0 = RoundKey(0), K1 = RoundKey(1), K2 = RoundKey(2), K3 = RoundKey(3),
        K4 = RoundKey(4), K5 = RoundKey(5), K6 = RoundKey(6), K7 = RoundKey(7), K8 = RoundKey(8), K9 = RoundKey(9),
        K10 = RoundKey(10);

    /// <summary>True when this CPU has the AES and SSE2 instructions the fast path uses.</summary>
    public static bool IsHardwareAccelerated => X86Aes.IsSupported && System.Runtime.Intrinsics.X86.Sse2.IsSupported;

    /// <summary>True when calls on the current async flow use the AES-NI path.</summary>
    public static bool UsesHardware => IsHardwareAccelerated && !s_forcePortable.Value;

    /// <summary>
    /// Until disposed, garbling and OT calls started from the current async flow (and tasks it starts)
    /// use the portable AES, so tests can check both paths in one process.
    /// </summary>
    internal static IDisposable ForcePortable()
    {
        var previous = s_forcePortable.Value;
        s_forcePortable.Value = true;
        return new Restore(previous);
    }

    private static Vector128<byte> RoundKey(int i) => Vector128.Create(RoundKeys.AsSpan(16 * i, 16));

    private sealed class Restore(bool previous) : IDisposable
    {
        public void Dispose() => s_forcePortable.Value = previous;
    }
}

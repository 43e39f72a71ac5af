using System.Buffers.Binary;
using System.Security.Cryptography;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// Where the protocol layer draws its own randomness (masks r, shares s, garbled-output masks ρ,
/// session nonces). Production uses <see cref="RandomNumberGenerator"/>; tests pass a seeded source
/// through the internal seam so that everything the protocol layer itself puts on the wire is
/// reproducible (the HE and garbling engines keep their own <see cref="RandomNumberGenerator"/>).
/// </summary>
internal abstract class ProtocolRandom
{
    public static ProtocolRandom System { get; } = new SystemRandom();

    public abstract void Fill(Span<byte> destination);

    /// <summary>A deterministic stream from a seed: SHA-256(seed ‖ counter) blocks. Tests only.</summary>
    public static ProtocolRandom Seeded(ulong seed) => new SeededRandom(seed);

    /// <summary>Uniform residues mod p by rejection sampling over the smallest power-of-two range ≥ p: exactly uniform.</summary>
    public void Uniform(Span<ulong> destination, ulong p)
    {
        ulong mask = (1UL << (64 - global::System.Numerics.BitOperations.LeadingZeroCount(p - 1))) - 1;
        Span<ulong> buffer = stackalloc ulong[64];
        int used = buffer.Length;
        try
        {
            for (int i = 0; i < destination.Length;)
            {
                if (used == buffer.Length)
                {
                    Fill(global::System.Runtime.InteropServices.MemoryMarshal.AsBytes(buffer));
                    used = 0;
                }
                ulong candidate = buffer[used++] & mask;
                if (candidate < p)
                    destination[i++] = candidate;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(global::System.Runtime.InteropServices.MemoryMarshal.AsBytes(buffer));
        }
    }

    public ulong[] Uniform(int count, ulong p)
    {
        var values = new ulong[count];
        Uniform(values, p);
        return values;
    }

    private sealed class SystemRandom : ProtocolRandom
    {
        public override void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
    }

    private sealed class SeededRandom(ulong seed) : ProtocolRandom
    {
        private readonly Lock _gate = new();
        private ulong _counter;

        public override void Fill(Span<byte> destination)
        {
            Span<byte> input = stackalloc byte[16];
            Span<byte> block = stackalloc byte[32];
            lock (_gate)
            {
                for (int offset = 0; offset < destination.Length; offset += block.Length)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(input, seed);
                    BinaryPrimitives.WriteUInt64LittleEndian(input[8..], _counter++);
                    SHA256.HashData(input, block);
                    block[..Math.Min(block.Length, destination.Length - offset)].CopyTo(destination[offset..]);
                }
            }
        }
    }
}

using System.Buffers.Binary;
using System.Security.Cryptography;
using PiToolkit.SecureInference.Arithmetic;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// Where the protocol layer draws its own randomness (masks r, shares s, garbled-output masks ρ,
/// session nonces). Production uses <see cref="RandomNumberGenerator"/> and the field's one uniform
/// sampler (<see cref="PrimeField.FillUniform"/>); tests pass a seeded source through the internal
/// seam so that everything the protocol layer itself puts on the wire is reproducible (the HE and
/// garbling engines keep their own <see cref="RandomNumberGenerator"/>).
/// </summary>
internal abstract class ProtocolRandom
{
    public static ProtocolRandom System { get; } = new SystemRandom();

    /// <summary>A deterministic stream from a seed: SHA-256(seed ‖ counter) blocks. Tests only.</summary>
    public static ProtocolRandom Seeded(ulong seed) => new SeededRandom(seed);

    public abstract void Fill(Span<byte> destination);

    public abstract void Uniform(Span<ulong> destination, PrimeField field);

    public ulong[] Uniform(int count, PrimeField field)
    {
        var values = new ulong[count];
        Uniform(values, field);
        return values;
    }

    private sealed class SystemRandom : ProtocolRandom
    {
        public override void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);

        public override void Uniform(Span<ulong> destination, PrimeField field) => field.FillUniform(destination);
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

        // The same rejection sampling as PrimeField.FillUniform, on the seeded stream.
        public override void Uniform(Span<ulong> destination, PrimeField field)
        {
            ulong mask = ulong.MaxValue >> global::System.Numerics.BitOperations.LeadingZeroCount(field.Modulus - 1);
            Span<byte> word = stackalloc byte[8];
            for (int i = 0; i < destination.Length;)
            {
                Fill(word);
                ulong candidate = BinaryPrimitives.ReadUInt64LittleEndian(word) & mask;
                if (candidate < field.Modulus)
                    destination[i++] = candidate;
            }
        }
    }
}

using PiToolkit.SecureInference.Arithmetic;
using PiToolkit.SecureInference.Homomorphic;

namespace PiToolkit.SecureInference.Tests.Homomorphic;

/// <summary>
/// One SEAL runtime (one V8 engine, ~0.3 s to start) shared by every HE test, with keys for
/// N = 4096 and N = 8192 made once. Tests that only need a runtime make their own small objects.
/// </summary>
public sealed class SealRuntimeFixture : IDisposable
{
    private readonly Lazy<SealKeySet> _n8192;
    private readonly SealRuntimeLease _lease = SealRuntimePool.Shared.Lease();

    public SealRuntimeFixture()
    {
        Runtime = _lease.Runtime;
        N4096 = new SealKeySet(Runtime, EncryptionParameters.Bfv4096());
        _n8192 = new Lazy<SealKeySet>(() => new SealKeySet(Runtime, EncryptionParameters.Bfv8192()));
    }

    public SealRuntime Runtime { get; }

    /// <summary>N = 4096 with the default 21-bit plain modulus.</summary>
    public SealKeySet N4096 { get; }

    /// <summary>N = 8192 with Delphi's 41-bit plain modulus (made on first use).</summary>
    public SealKeySet N8192 => _n8192.Value;

    public void Dispose()
    {
        if (_n8192.IsValueCreated)
            _n8192.Value.Dispose();
        N4096.Dispose();
        _lease.Dispose();
    }
}

/// <summary>A <see cref="SealKeyBundle"/> (SEAL's default Galois keys) with an encoder, encryptor, decryptor and evaluator.</summary>
public sealed class SealKeySet : IDisposable
{
    public SealKeySet(SealRuntime runtime, EncryptionParameters parameters)
    {
        Bundle = SealKeyBundle.Create(runtime, parameters);
        Encoder = new BatchEncoder(Context);
        Encryptor = new Encryptor(Context, PublicKey, SecretKey);
        Decryptor = new Decryptor(Context, SecretKey);
        Evaluator = new Evaluator(Context);
    }

    public SealKeyBundle Bundle { get; }
    public SealContext Context => Bundle.Context;
    public KeyGenerator KeyGenerator => Bundle.KeyGenerator;
    public SecretKey SecretKey => Bundle.SecretKey;
    public PublicKey PublicKey => Bundle.PublicKey;
    public GaloisKeys GaloisKeys => Bundle.GaloisKeys;
    public BatchEncoder Encoder { get; }
    public Encryptor Encryptor { get; }
    public Decryptor Decryptor { get; }
    public Evaluator Evaluator { get; }
    public PrimeField Field => Context.Parameters.Field;
    public ulong Modulus => Context.Parameters.PlainModulus;
    public int Slots => Context.SlotCount;

    public Ciphertext Encrypt(ulong[] values)
    {
        using var plain = Encoder.Encode(values);
        return Encryptor.Encrypt(plain);
    }

    public ulong[] Decrypt(Ciphertext ciphertext)
    {
        using var plain = Decryptor.Decrypt(ciphertext);
        return Encoder.Decode(plain);
    }

    public ulong[] RandomSlots(Random random) => Reference.Random(random, Slots, Modulus);

    public void Dispose()
    {
        Evaluator.Dispose();
        Decryptor.Dispose();
        Encryptor.Dispose();
        Encoder.Dispose();
        Bundle.Dispose();
    }
}

/// <summary>All tests that touch the shared V8 runtime run sequentially in this collection.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SealCollection : ICollectionFixture<SealRuntimeFixture>
{
    public const string Name = "SEAL runtime";
}

using PiToolkit.SecureInference.Homomorphic;

namespace PiToolkit.Bench.Homomorphic;

/// <summary>One runtime and key bundle per benchmark process (keygen belongs in [GlobalSetup]), with the SEAL objects the benchmarks call.</summary>
internal sealed class HomomorphicBenchSetup : IDisposable
{
    public HomomorphicBenchSetup(int polyModulusDegree)
    {
        Runtime = SealRuntime.Create();
        Parameters = polyModulusDegree == 4096 ? EncryptionParameters.Bfv4096() : EncryptionParameters.Bfv8192();
        Keys = SealKeyBundle.Create(Runtime, Parameters, [1]);
        Encoder = new BatchEncoder(Context);
        Encryptor = new Encryptor(Context, PublicKey, SecretKey);
        Decryptor = new Decryptor(Context, SecretKey);
        Evaluator = new Evaluator(Context);
        var values = Parameters.Field.SampleUniform(Context.SlotCount);
        Plain = Encoder.Encode(values);
        Cipher = Encryptor.Encrypt(Plain);
        Destination = new Ciphertext(Runtime);
        PlainDestination = new Plaintext(Runtime);
    }

    public SealRuntime Runtime { get; }
    public EncryptionParameters Parameters { get; }
    public SealKeyBundle Keys { get; }
    public SealContext Context => Keys.Context;
    public SecretKey SecretKey => Keys.SecretKey;
    public PublicKey PublicKey => Keys.PublicKey;
    public GaloisKeys GaloisKeys => Keys.GaloisKeys;
    public BatchEncoder Encoder { get; }
    public Encryptor Encryptor { get; }
    public Decryptor Decryptor { get; }
    public Evaluator Evaluator { get; }
    public Plaintext Plain { get; }
    public Ciphertext Cipher { get; }
    public Ciphertext Destination { get; }
    public Plaintext PlainDestination { get; }

    public void Dispose() => Runtime.Dispose();
}

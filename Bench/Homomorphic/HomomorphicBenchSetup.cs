using PiToolkit.SecureInference.Homomorphic;

namespace PiToolkit.Bench.Homomorphic;

/// <summary>One runtime, context and key set per benchmark process (keygen belongs in [GlobalSetup]).</summary>
internal sealed class HomomorphicBenchSetup : IDisposable
{
    public HomomorphicBenchSetup(int polyModulusDegree)
    {
        Runtime = SealRuntime.Create();
        Parameters = polyModulusDegree == 4096 ? EncryptionParameters.Bfv4096() : EncryptionParameters.Bfv8192();
        Context = new SealContext(Runtime, Parameters);
        KeyGenerator = new KeyGenerator(Context);
        SecretKey = KeyGenerator.GetSecretKey();
        PublicKey = KeyGenerator.CreatePublicKey();
        GaloisKeys = KeyGenerator.CreateGaloisKeys([1]);
        Encoder = new BatchEncoder(Context);
        Encryptor = new Encryptor(Context, PublicKey, SecretKey);
        Decryptor = new Decryptor(Context, SecretKey);
        Evaluator = new Evaluator(Context);
        var random = new Random(1);
        var values = new long[Context.SlotCount];
        for (int i = 0; i < values.Length; i++)
            values[i] = random.NextInt64((long)Parameters.PlainModulus);
        Plain = Encoder.Encode(values);
        Cipher = Encryptor.Encrypt(Plain);
        Destination = new Ciphertext(Runtime);
        PlainDestination = new Plaintext(Runtime);
    }

    public SealRuntime Runtime { get; }
    public EncryptionParameters Parameters { get; }
    public SealContext Context { get; }
    public KeyGenerator KeyGenerator { get; }
    public SecretKey SecretKey { get; }
    public PublicKey PublicKey { get; }
    public GaloisKeys GaloisKeys { get; }
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

namespace PiToolkit.SecureInference.Homomorphic.Interop;

/// <summary>
/// Names of the glue's functions, invoked as methods of the glue object
/// (<c>ScriptObject.InvokeMethod</c>: ~1-4 µs a call). A function object fetched with
/// <c>GetProperty</c> and invoked directly costs ~100 µs and ~30 KB of managed garbage per call in
/// ClearScript 7.5.1 (measured), which alone would have broken the 10% overhead budget.
/// </summary>
internal sealed class SealFunctions
{
    public SealFunctions()
    {
        static string F(string name) => name;
        Release = F("release");
        LiveCount = F("liveCount");
        RandomServed = F("randomServed");
        Bytes = F("bytes");
        ContextCreate = F("contextCreate");
        KeygenCreate = F("keygenCreate");
        KeygenPublicKey = F("keygenPublicKey");
        KeygenSecretKey = F("keygenSecretKey");
        KeygenGaloisKeys = F("keygenGaloisKeys");
        KeygenPublicKeySaved = F("keygenPublicKeySaved");
        KeygenGaloisKeysSaved = F("keygenGaloisKeysSaved");
        Save = F("save");
        Load = F("load");
        PlaintextCreate = F("plaintextCreate");
        CiphertextCreate = F("ciphertextCreate");
        CiphertextSize = F("ciphertextSize");
        Copy = F("copy");
        EncoderCreate = F("encoderCreate");
        Encode = F("encode");
        Decode = F("decode");
        EncryptorCreate = F("encryptorCreate");
        Encrypt = F("encrypt");
        EncryptZero = F("encryptZero");
        EncryptSymmetricSaved = F("encryptSymmetricSaved");
        DecryptorCreate = F("decryptorCreate");
        Decrypt = F("decrypt");
        NoiseBudget = F("noiseBudget");
        EvaluatorCreate = F("evaluatorCreate");
        Binary = F("binary");
        Negate = F("negate");
        RotateRows = F("rotateRows");
        RotateColumns = F("rotateColumns");
        LoopMultiplyPlain = F("loopMultiplyPlain");
        LoopRotateRows = F("loopRotateRows");
        LoopEncrypt = F("loopEncrypt");
        LoopDecrypt = F("loopDecrypt");
        ToNtt = F("toNtt");
        FromNtt = F("fromNtt");
        PlainToNtt = F("plainToNtt");
        ModSwitchToPrimes = F("modSwitchToPrimes");
        CiphertextPrimes = F("ciphertextPrimes");
    }

    public string Release { get; }
    public string LiveCount { get; }
    public string RandomServed { get; }
    public string Bytes { get; }
    public string ContextCreate { get; }
    public string KeygenCreate { get; }
    public string KeygenPublicKey { get; }
    public string KeygenSecretKey { get; }
    public string KeygenGaloisKeys { get; }
    public string KeygenPublicKeySaved { get; }
    public string KeygenGaloisKeysSaved { get; }
    public string Save { get; }
    public string Load { get; }
    public string PlaintextCreate { get; }
    public string CiphertextCreate { get; }
    public string CiphertextSize { get; }
    public string Copy { get; }
    public string EncoderCreate { get; }
    public string Encode { get; }
    public string Decode { get; }
    public string EncryptorCreate { get; }
    public string Encrypt { get; }
    public string EncryptZero { get; }
    public string EncryptSymmetricSaved { get; }
    public string DecryptorCreate { get; }
    public string Decrypt { get; }
    public string NoiseBudget { get; }
    public string EvaluatorCreate { get; }
    public string Binary { get; }
    public string Negate { get; }
    public string RotateRows { get; }
    public string RotateColumns { get; }
    public string LoopMultiplyPlain { get; }
    public string LoopRotateRows { get; }
    public string LoopEncrypt { get; }
    public string LoopDecrypt { get; }
    public string ToNtt { get; }
    public string FromNtt { get; }
    public string PlainToNtt { get; }
    public string ModSwitchToPrimes { get; }
    public string CiphertextPrimes { get; }
}

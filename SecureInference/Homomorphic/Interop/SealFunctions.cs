using Microsoft.ClearScript;

namespace PiToolkit.SecureInference.Homomorphic.Interop;

/// <summary>The glue's functions, looked up once so that a call is one V8 invocation.</summary>
internal sealed class SealFunctions
{
    public SealFunctions(ScriptObject api)
    {
        ScriptObject F(string name) => (ScriptObject)api.GetProperty(name);
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
    }

    public ScriptObject Release { get; }
    public ScriptObject LiveCount { get; }
    public ScriptObject RandomServed { get; }
    public ScriptObject Bytes { get; }
    public ScriptObject ContextCreate { get; }
    public ScriptObject KeygenCreate { get; }
    public ScriptObject KeygenPublicKey { get; }
    public ScriptObject KeygenSecretKey { get; }
    public ScriptObject KeygenGaloisKeys { get; }
    public ScriptObject KeygenPublicKeySaved { get; }
    public ScriptObject KeygenGaloisKeysSaved { get; }
    public ScriptObject Save { get; }
    public ScriptObject Load { get; }
    public ScriptObject PlaintextCreate { get; }
    public ScriptObject CiphertextCreate { get; }
    public ScriptObject CiphertextSize { get; }
    public ScriptObject Copy { get; }
    public ScriptObject EncoderCreate { get; }
    public ScriptObject Encode { get; }
    public ScriptObject Decode { get; }
    public ScriptObject EncryptorCreate { get; }
    public ScriptObject Encrypt { get; }
    public ScriptObject EncryptZero { get; }
    public ScriptObject EncryptSymmetricSaved { get; }
    public ScriptObject DecryptorCreate { get; }
    public ScriptObject Decrypt { get; }
    public ScriptObject NoiseBudget { get; }
    public ScriptObject EvaluatorCreate { get; }
    public ScriptObject Binary { get; }
    public ScriptObject Negate { get; }
    public ScriptObject RotateRows { get; }
    public ScriptObject RotateColumns { get; }
    public ScriptObject LoopMultiplyPlain { get; }
    public ScriptObject LoopRotateRows { get; }
    public ScriptObject LoopEncrypt { get; }
    public ScriptObject LoopDecrypt { get; }
}

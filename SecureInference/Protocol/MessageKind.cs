namespace PiToolkit.SecureInference.Protocol;

/// <summary>The protocol layer's message kinds (the engines' own frames follow some of them).</summary>
internal enum MessageKind : uint
{
    HelloAccept = 1,
    HelloReject = 2,
    Confirm = 3,
    Keys = 4,
    OfflineBegin = 10,
    LinearRequest = 11,
    LinearResponse = 12,
    ReluOffline = 13,
    OnlineBegin = 20,
    LinearInput = 21,
    ReluLabels = 22,
    ReshareInput = 23,
    Output = 24,
    Close = 30,
}

namespace PiToolkit.SecureInference.Protocol;

/// <summary>When work happens.</summary>
public enum ProtocolPhase
{
    /// <summary>Once per session: handshake, HE keys, base OTs.</summary>
    Session = 0,

    /// <summary>Per inference, before the input is known: HE for every linear layer, garbled tables and OTs.</summary>
    Offline = 1,

    /// <summary>Per inference, once the input is known: what the user waits for.</summary>
    Online = 2,
}

namespace PiToolkit.SecureInference.Transport;

/// <summary>How <see cref="LoopbackPair"/> connects two parties in one process.</summary>
public enum LoopbackTransport
{
    /// <summary>An <see cref="InMemoryChannel"/> pair: no sockets, the cost of the protocol alone.</summary>
    Memory,

    /// <summary>Two <see cref="TcpChannel"/>s over 127.0.0.1: real sockets, kernel copies and all.</summary>
    Tcp,
}

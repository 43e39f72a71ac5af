using PiToolkit.SecureInference.Homomorphic;

namespace PiToolkit.SecureInference.Tests.Protocol;

/// <summary>One SEAL runtime per party (each V8 engine runs one thread at a time), shared by the protocol tests.</summary>
public sealed class ProtocolFixture : IDisposable
{
    private readonly SealRuntimeLease _client = SealRuntimePool.Shared.Lease();
    private readonly SealRuntimeLease _server = SealRuntimePool.Shared.Lease();

    public SealRuntime ClientRuntime => _client.Runtime;

    public SealRuntime ServerRuntime => _server.Runtime;

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }
}

/// <summary>Protocol tests run one at a time: two parties already share the two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProtocolCollection : ICollectionFixture<ProtocolFixture>
{
    public const string Name = "Secure inference protocol";
}

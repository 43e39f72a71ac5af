using PiToolkit.SecureInference.Homomorphic;

namespace PiToolkit.SecureInference.Tests.Protocol;

/// <summary>One SEAL runtime per party (each V8 engine runs one thread at a time), shared by the protocol tests.</summary>
public sealed class ProtocolFixture : IDisposable
{
    public SealRuntime ClientRuntime { get; } = SealRuntime.Create();

    public SealRuntime ServerRuntime { get; } = SealRuntime.Create();

    public void Dispose()
    {
        ClientRuntime.Dispose();
        ServerRuntime.Dispose();
    }
}

/// <summary>Protocol tests run one at a time: two parties already share the two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProtocolCollection : ICollectionFixture<ProtocolFixture>
{
    public const string Name = "Secure inference protocol";
}

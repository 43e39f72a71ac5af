using PiToolkit.SecureInference.Protocol;

namespace PiToolkit.SecureInference.Tests.Protocol;

/// <summary>The protocol never loads libtorch: SecureInference depends on neither TorchSharp nor the training projects.</summary>
public sealed class DependencyTests
{
    [Fact]
    public void SecureInference_references_neither_TorchSharp_nor_Models_nor_Linearize()
    {
        var references = typeof(SecureInferenceClient).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();

        Assert.Contains(references, r => r.StartsWith("BouncyCastle", StringComparison.Ordinal)); // the check sees real references
        Assert.DoesNotContain(references, r => r.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("PiToolkit.Models", references);
        Assert.DoesNotContain("PiToolkit.Linearize", references);
    }
}

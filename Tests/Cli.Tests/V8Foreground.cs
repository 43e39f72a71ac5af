using System.Runtime.CompilerServices;
using PiToolkit.SecureInference.Homomorphic;

namespace PiToolkit.Cli.Tests;

/// <summary>
/// The suite creates and disposes many SEAL runtimes; with V8's background threads on, an isolate's
/// teardown occasionally deadlocked and hung the test host (see docs/homomorphic-encryption.md).
/// </summary>
internal static class V8Foreground
{
    [ModuleInitializer]
    internal static void Initialize() => SealRuntime.RunV8WorkInForeground();
}

using PiToolkit.SecureInference.Inputs;

namespace PiToolkit.Cli.Infrastructure;

/// <summary>
/// One input a client will classify: a name to print, the true label when the source has one, and
/// the loader that makes its tensor once the model's <see cref="InputSpec"/> is known (the server's
/// handshake tells the client the public input shape and normalisation).
/// </summary>
/// <param name="Name">How to show it (file name, or "MNIST test #7").</param>
/// <param name="Label">The true class, when known.</param>
/// <param name="Load">Makes the normalised C×H×W tensor.</param>
public sealed record ClientInput(string Name, int? Label, Func<InputSpec, float[]> Load);

namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// A model cannot be compiled for the protocol: an unsupported operation (max pooling), shapes that
/// do not fit, or values that would overflow the field. <see cref="Layer"/> names the culprit.
/// </summary>
public sealed class ModelCompilationException : Exception
{
    /// <summary>Creates the error.</summary>
    public ModelCompilationException(string layer, string message) : base($"{layer}: {message}") => Layer = layer;

    /// <summary>The layer at fault.</summary>
    public string Layer { get; } = "";

    /// <summary>Creates the error without a layer.</summary>
    public ModelCompilationException() { }

    /// <summary>Creates the error without a layer.</summary>
    public ModelCompilationException(string message) : base(message) { }

    /// <summary>Creates the error without a layer, with a cause.</summary>
    public ModelCompilationException(string message, Exception inner) : base(message, inner) { }
}

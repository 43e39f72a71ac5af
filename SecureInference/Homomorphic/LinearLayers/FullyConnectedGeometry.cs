namespace PiToolkit.SecureInference.Homomorphic.LinearLayers;

/// <summary>A fully connected layer y = M·x with M of shape [Outputs, Inputs], row-major.</summary>
/// <param name="Inputs">Length of x.</param>
/// <param name="Outputs">Length of y.</param>
public sealed record FullyConnectedGeometry(int Inputs, int Outputs)
{
    /// <summary>Outputs·Inputs.</summary>
    public int WeightCount => Outputs * Inputs;

    /// <summary>Throws unless both sizes are positive.</summary>
    /// <exception cref="ArgumentException">The geometry is not valid.</exception>
    public void Validate()
    {
        if (Inputs < 1 || Outputs < 1)
            throw new ArgumentException($"Invalid fully connected geometry {this}: sizes must be positive.");
    }
}

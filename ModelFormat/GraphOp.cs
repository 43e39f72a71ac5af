namespace PiToolkit.ModelFormat;

/// <summary>Operations of an exported graph. The numeric values are part of the .pim file format.</summary>
public enum GraphOp : byte
{
    /// <summary>2-D convolution with bias (batch norm already folded in).</summary>
    Conv = 1,
    /// <summary>Fully connected layer y = Wx + b.</summary>
    Linear = 2,
    /// <summary>k×k average pooling, stride k (linear).</summary>
    AvgPool = 3,
    /// <summary>k×k max pooling, stride k (nonlinear: k²−1 comparisons per output).</summary>
    MaxPool = 4,
    /// <summary>Flatten C×H×W to a vector.</summary>
    Flatten = 5,
    /// <summary>Element-wise sum of two values (residual connections).</summary>
    Add = 6,
    /// <summary>ReLU on every element.</summary>
    Relu = 7,
    /// <summary>ReLU where the bitmap is set, identity elsewhere.</summary>
    MaskedRelu = 8,
}

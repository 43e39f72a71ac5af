namespace PiToolkit.SecureInference.Circuits;

/// <summary>The operation of one boolean gate.</summary>
public enum GateKind : byte
{
    /// <summary>Output = A xor B. Free under free-XOR garbling.</summary>
    Xor,
    /// <summary>Output = A and B. The only gate that costs garbled-table bytes.</summary>
    And,
    /// <summary>Output = not A. Free (the garbler flips the zero label by Δ).</summary>
    Inv,
    /// <summary>Output = A (a wire copy, Bristol's EQW).</summary>
    Copy,
    /// <summary>Output = the public constant 0 (Bristol's EQ with literal 0).</summary>
    Const0,
    /// <summary>Output = the public constant 1 (Bristol's EQ with literal 1).</summary>
    Const1,
}

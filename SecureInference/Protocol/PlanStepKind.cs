namespace PiToolkit.SecureInference.Protocol;

/// <summary>What a <see cref="PlanStep"/> does to the shares.</summary>
public enum PlanStepKind
{
    /// <summary>Convolution or fully connected layer: homomorphic offline, a masked product in the clear online.</summary>
    Linear = 1,

    /// <summary>A ReLU site: the garbled ReLU circuit on kept positions, local truncation at identity positions.</summary>
    Relu = 2,

    /// <summary>Sum (average) pooling: a public linear map applied by each party to its own share.</summary>
    SumPool = 3,

    /// <summary>Residual add of two values, locally on shares.</summary>
    Add = 4,

    /// <summary>Local truncation of both shares (SecureML-style: off by at most one).</summary>
    Truncate = 5,

    /// <summary>The client re-masks its share so that it is known before the input (one field element per value online).</summary>
    Reshare = 6,
}

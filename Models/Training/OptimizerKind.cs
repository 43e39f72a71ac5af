namespace PiToolkit.Models.Training;

/// <summary>Optimisers the trainer offers.</summary>
public enum OptimizerKind
{
    /// <summary>SGD with (heavy-ball) momentum.</summary>
    Sgd,
    /// <summary>Adam (Kingma and Ba 2015).</summary>
    Adam,
}

namespace PiToolkit.Bench.Sweeps.Running;

/// <summary>
/// Thrown by an evaluator when a point yields no measurement for a reason that is itself a result
/// (training diverged, the model does not fit the field): the runner records the message as the
/// point's failure and goes on with the other points.
/// </summary>
public sealed class PointFailedException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> is what the tables show for the point.</summary>
    public PointFailedException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public PointFailedException(string message, Exception inner) : base(message, inner) { }
}

namespace PiToolkit.Models.Training;

/// <summary>The training loss became NaN or infinite; the run stopped before saving a broken model.</summary>
public sealed class TrainingDivergedException : ArithmeticException
{
    /// <summary>Creates the exception naming where the loss diverged.</summary>
    public TrainingDivergedException(int epoch, int seen)
        : base($"training diverged: the loss is not finite at epoch {epoch} after {seen} images. Lower the learning rate, or use --threads 1 "
            + "(multi-threaded libtorch 2.10 CPU kernels were seen to return NaN for convolutions with few channels on AVX-512 machines)")
    {
        Epoch = epoch;
        Seen = seen;
    }

    /// <summary>Epoch in which the loss diverged.</summary>
    public int Epoch { get; }
    /// <summary>Images processed in that epoch before it did.</summary>
    public int Seen { get; }
}

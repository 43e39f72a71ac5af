namespace PiToolkit.Models.Training;

/// <summary>The training loss became NaN or infinite; the run stopped before saving a broken model.</summary>
public sealed class TrainingDivergedException : ArithmeticException
{
    /// <summary>Creates the exception naming where the loss diverged and what to change.</summary>
    /// <param name="epoch">Epoch in which the loss diverged.</param>
    /// <param name="seen">Images processed in that epoch before it did.</param>
    /// <param name="threads">libtorch's intra-op threads during the run: the thread hint only helps above one.</param>
    public TrainingDivergedException(int epoch, int seen, int threads)
        : base($"training diverged: the loss is not finite at epoch {epoch} after {seen} images. " + Advice(threads))
    {
        Epoch = epoch;
        Seen = seen;
        Threads = threads;
    }

    /// <summary>Epoch in which the loss diverged.</summary>
    public int Epoch { get; }
    /// <summary>Images processed in that epoch before it did.</summary>
    public int Seen { get; }
    /// <summary>libtorch's intra-op threads while training.</summary>
    public int Threads { get; }

    private static string Advice(int threads) => threads > 1
        ? $"Lower the learning rate, or use --threads 1 (it ran on {threads}; multi-threaded libtorch 2.10 CPU kernels "
            + "were seen to return NaN for convolutions with few channels on AVX-512 machines)"
        // At one thread with a seed a run repeats exactly, so the same settings diverge again.
        : "It ran on one thread, so the same settings diverge again: lower the learning rate (for SNL, the starting λ)";
}

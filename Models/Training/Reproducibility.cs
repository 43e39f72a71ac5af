using static TorchSharp.torch;

namespace PiToolkit.Models.Training;

/// <summary>Puts libtorch into a known state before building or training a model.</summary>
public static class Reproducibility
{
    /// <summary>Seeds libtorch's generator (weight initialisation) and sets its intra-op thread count (0 keeps libtorch's default).</summary>
    public static void Configure(int seed, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        if (threads > 0) set_num_threads(threads);
        manual_seed(seed);
    }
}

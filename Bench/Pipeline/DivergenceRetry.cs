using PiToolkit.Bench.Sweeps.Running;
using PiToolkit.Models.Training;

namespace PiToolkit.Bench.Pipeline;

/// <summary>
/// Runs a point's training job and tries it once more when its loss diverges, so that only a divergence
/// that repeats is recorded as the method's result.
/// </summary>
/// <remarks>
/// A point trains on one thread with a fixed seed, which repeats bit for bit (a retrained source
/// checkpoint matched its earlier run in every epoch's validation accuracy), so a genuine divergence
/// diverges again. One that does not repeat is a fault of the run, not of the method: NaN losses and a
/// native assertion inside a scalar add have each appeared once in a sweep with two workers in one
/// process, which fits the binding's implicitly converted scalars being freed by the finalizer while a
/// native call still reads them.
/// </remarks>
public static class DivergenceRetry
{
    /// <summary>How many times a training job is started before a divergence is recorded.</summary>
    public const int Attempts = 2;

    /// <summary>
    /// Runs <paramref name="train"/> (which writes <paramref name="output"/>) on the thread pool; after a
    /// divergence, empties <paramref name="output"/>, reports the retry and runs it again.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="PointFailedException">Training diverged on every try.</exception>
    public static async Task RunAsync(string output, Action train, Action<string> reportPhase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(reportPhase);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await Task.Run(train, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (TrainingDivergedException e) when (attempt < Attempts)
            {
                reportPhase($"retrying: training diverged in epoch {e.Epoch}");
                if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
            }
            catch (TrainingDivergedException e)
            {
                throw new PointFailedException($"diverged on {attempt} tries: {e.Message}", e);
            }
        }
    }
}

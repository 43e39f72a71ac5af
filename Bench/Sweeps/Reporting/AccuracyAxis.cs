using PiToolkit.Bench.Sweeps.Analysis;

namespace PiToolkit.Bench.Sweeps.Reporting;

/// <summary>
/// An accuracy the plots put on their vertical axis. The protocol's accuracy is the one private inference
/// delivers, but on a few hundred images it saturates near 100 % and cannot tell good methods apart; the
/// float model's accuracy on the whole test set (10,000 images for MNIST) can, and the protocol's
/// outputs match the float model's on the measured images, which the tables show side by side.
/// </summary>
/// <param name="Key">File-name part.</param>
/// <param name="Title">The accuracy in a plot title.</param>
/// <param name="Label">Axis label.</param>
/// <param name="Value">The accuracy of a configuration (0..1).</param>
internal sealed record AccuracyAxis(string Key, string Title, string Label, Func<ConfigurationSummary, MeanStd> Value)
{
    public static AccuracyAxis Protocol { get; } = new("accuracy", "accuracy", "Accuracy (%), protocol outputs, mean ± std over seeds", s => s.Accuracy);
    public static AccuracyAxis TestSet { get; } = new("test-accuracy", "test-set accuracy", "Test-set accuracy (%), float model, mean ± std over seeds", s => s.FloatTestAccuracy);

    public static IReadOnlyList<AccuracyAxis> All { get; } = [Protocol, TestSet];
}

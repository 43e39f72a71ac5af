namespace PiToolkit.Models.Zoo;

/// <summary>One architecture in the zoo.</summary>
/// <param name="Name">Name used on the command line and in manifests.</param>
/// <param name="Description">One line for <c>pitk models</c>.</param>
/// <param name="DefaultDataset">The dataset it is usually trained on.</param>
/// <param name="Build">Builds it from options.</param>
/// <param name="OptionalBatchNorm">Whether it builds with <see cref="ModelOptions.BatchNorm"/> (a batch norm after each convolution).</param>
public sealed record ZooEntry(string Name, string Description, string DefaultDataset, Func<ModelOptions, ZooModel> Build, bool OptionalBatchNorm = false);

namespace PiToolkit.Bench.Sweeps.CostModel;

/// <summary>A configuration to price without running it (e.g. ResNet-18 on CIFAR at 50K ReLUs).</summary>
/// <param name="Name">How tables name it.</param>
/// <param name="Features">Its operation counts, from the model and the protocol's plan.</param>
/// <param name="Published">Published costs to compare the prediction with, or null.</param>
public sealed record UnmeasuredConfiguration(string Name, CostFeatures Features, PublishedCosts? Published = null);

namespace PiToolkit.Models.Zoo;

/// <summary>LeNet-300-100 (LeCun et al. 1998): flatten → FC300 → ReLU → FC100 → ReLU → FC classes; 400 ReLUs.</summary>
public static class Mlp
{
    /// <summary>Builds the network for <paramref name="options"/>.</summary>
    public static ZooModel Create(ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int h1 = options.Units("classifier.fc1", 300), h2 = options.Units("classifier.fc2", 100);
        return new SequentialClassifier(options, [], flat =>
        [
            Layer.Linear("fc1", flat, h1), Layer.Relu("relu1"),
            Layer.Linear("fc2", h1, h2), Layer.Relu("relu2"),
            Layer.Linear("fc3", h2, options.Classes),
        ]);
    }
}

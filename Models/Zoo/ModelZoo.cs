namespace PiToolkit.Models.Zoo;

/// <summary>The networks the toolkit can build, train, census, linearize and run securely.</summary>
public static class ModelZoo
{
    /// <summary>Every architecture, in the order <c>pitk models</c> lists them.</summary>
    public static IReadOnlyList<ZooEntry> Entries { get; } =
    [
        new("mlp", "LeNet-300-100 fully connected network", "mnist", Mlp.Create),
        new("lenet5", "LeNet-5: two 5×5 convolutions, three FC layers", "mnist", LeNet5.Create, OptionalBatchNorm: true),
        new("minionn-mnist", "MiniONN/Gazelle/Delphi MNIST CNN", "mnist", MiniOnnMnist.Create, OptionalBatchNorm: true),
        new("minionn-cifar", "MiniONN/Gazelle CIFAR-10 CNN", "cifar10", MiniOnnCifar.Create),
        new("resnet18", "ResNet-18, CIFAR variant (3×3 stem)", "cifar10", ResNetCifar.ResNet18),
        new("resnet20", "ResNet-20 (He et al., CIFAR)", "cifar10", o => ResNetCifar.HeCifar(o, 20)),
        new("resnet32", "ResNet-32 (He et al., CIFAR)", "cifar10", o => ResNetCifar.HeCifar(o, 32)),
        new("vgg11", "VGG-11 with batch norm, CIFAR", "cifar10", o => Vgg.Create(o, 11)),
        new("vgg16", "VGG-16 with batch norm, CIFAR", "cifar10", o => Vgg.Create(o, 16)),
    ];

    /// <summary>The entry called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No such architecture.</exception>
    public static ZooEntry Find(string name) =>
        Entries.FirstOrDefault(e => e.Name == name)
        ?? throw new ArgumentException($"unknown model '{name}'; the zoo has: {string.Join(", ", Entries.Select(e => e.Name))}", nameof(name));

    /// <summary>Builds the model <paramref name="options"/> describe.</summary>
    /// <exception cref="ArgumentException">Unknown architecture or invalid options.</exception>
    public static ZooModel Build(ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var entry = Find(options.Architecture);
        // Silently building without the asked-for batch norm would record a manifest that lies about the model.
        if (options.BatchNorm && !entry.OptionalBatchNorm)
            throw new ArgumentException(
                $"model '{entry.Name}' has no batch-norm option; the zoo offers it for: {string.Join(", ", Entries.Where(e => e.OptionalBatchNorm).Select(e => e.Name))}",
                nameof(options));
        return entry.Build(options);
    }
}

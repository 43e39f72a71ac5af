namespace PiToolkit.Models.Data;

/// <summary>
/// Training, validation and test splits of one dataset, with the normalisation measured on the
/// training split. Validation is carved from the official training set (seeded) and is what model
/// selection may look at; the test set is for reporting only.
/// </summary>
public sealed class DatasetSplits : IDisposable
{
    /// <summary>Creates the splits.</summary>
    public DatasetSplits(string name, TensorDataset train, TensorDataset validation, TensorDataset test, Normalization normalization)
    {
        Name = name;
        Train = train;
        Validation = validation;
        Test = test;
        Normalization = normalization;
    }

    /// <summary>Catalog name of the dataset (e.g. mnist).</summary>
    public string Name { get; }
    /// <summary>Images trained on.</summary>
    public TensorDataset Train { get; }
    /// <summary>Held-out part of the training set, for model selection.</summary>
    public TensorDataset Validation { get; }
    /// <summary>The official test set, for reporting.</summary>
    public TensorDataset Test { get; }
    /// <summary>The normalisation applied to every split.</summary>
    public Normalization Normalization { get; }

    /// <summary>
    /// Splits <paramref name="officialTrain"/> into train and validation by a seeded permutation,
    /// measures normalisation on the training part, and converts all three to tensors.
    /// </summary>
    /// <param name="name">Catalog name.</param>
    /// <param name="officialTrain">The dataset's training set.</param>
    /// <param name="officialTest">The dataset's test set.</param>
    /// <param name="validationCount">Images moved from training to validation.</param>
    /// <param name="seed">Seed of the split.</param>
    /// <param name="trainLimit">If set, keep only this many training images (quick runs).</param>
    /// <param name="testLimit">If set, keep only this many test images (quick runs).</param>
    /// <param name="normalization">
    /// Use this normalisation instead of measuring one: a trained model expects the inputs it was
    /// trained on, so work that starts from a checkpoint (linearization, resumed training) passes the
    /// checkpoint's, whatever subset of the data it runs on.
    /// </param>
    public static DatasetSplits Create(string name, ImageSet officialTrain, ImageSet officialTest, int validationCount, int seed,
        int? trainLimit = null, int? testLimit = null, Normalization? normalization = null)
    {
        ArgumentNullException.ThrowIfNull(officialTrain);
        ArgumentNullException.ThrowIfNull(officialTest);
        if (validationCount < 1 || validationCount >= officialTrain.Count)
            throw new ArgumentOutOfRangeException(nameof(validationCount), validationCount,
                $"validation size must be between 1 and {officialTrain.Count - 1} for {name}");
        var order = TensorDataset.Permutation(officialTrain.Count, seed);
        var validationIndices = order[..validationCount].Select(i => (int)i).ToArray();
        var trainIndices = order[validationCount..].Select(i => (int)i);
        if (trainLimit is { } limit) trainIndices = trainIndices.Take(limit);
        var train = officialTrain.Select(trainIndices.ToArray());
        var validation = officialTrain.Select(validationIndices);
        var test = testLimit is { } t ? officialTest.Take(t) : officialTest;
        normalization ??= Normalization.Measure(train);
        if (normalization.Mean.Length != train.Channels || normalization.Std.Length != train.Channels)
            throw new ArgumentException($"normalisation has {normalization.Mean.Length} channels, {name} images have {train.Channels}", nameof(normalization));
        return new DatasetSplits(name, new TensorDataset(train, normalization), new TensorDataset(validation, normalization),
            new TensorDataset(test, normalization), normalization);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Train.Dispose();
        Validation.Dispose();
        Test.Dispose();
    }
}

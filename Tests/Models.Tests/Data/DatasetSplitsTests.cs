using PiToolkit.Models.Data;

namespace PiToolkit.Models.Tests.Data;

public sealed class DatasetSplitsTests
{
    [Fact]
    public void Validation_is_carved_from_training_and_the_test_set_is_untouched()
    {
        var train = SyntheticImages.Generate(200, 1, 8, 8, 4, seed: 3);
        var test = SyntheticImages.Generate(50, 1, 8, 8, 4, seed: 4);
        using var splits = DatasetSplits.Create("synthetic", train, test, validationCount: 40, seed: 7);
        Assert.Equal(160, splits.Train.Count);
        Assert.Equal(40, splits.Validation.Count);
        Assert.Equal(50, splits.Test.Count);

        // The two parts are disjoint and together are the training set: compare label multisets and image sums.
        var order = TensorDataset.Permutation(200, 7);
        Assert.Equal(200, order.Distinct().Count());
        var validationLabels = order[..40].Select(i => (long)train.Labels[i]).ToArray();
        Assert.Equal(validationLabels, splits.Validation.Labels.data<long>().ToArray());
    }

    [Fact]
    public void A_given_normalisation_is_used_as_is_even_on_a_subset()
    {
        // A linearization run with --train-limit feeds its subset to a model trained on the full
        // set: the inputs must be normalised as during training, not re-measured on the subset.
        var train = SyntheticImages.Generate(200, 1, 8, 8, 4, seed: 3);
        var given = new Normalization([0.25], [0.5]);
        using var splits = DatasetSplits.Create("synthetic", train, train, validationCount: 40, seed: 7, trainLimit: 30, normalization: given);
        Assert.Same(given, splits.Normalization);
        byte first = train.Pixels[(int)TensorDataset.Permutation(200, 7)[40] * train.ImageSize];
        Assert.Equal((first / 255.0 - 0.25) / 0.5, splits.Train.Images[0, 0, 0, 0].item<float>(), 5);

        using var measured = DatasetSplits.Create("synthetic", train, train, validationCount: 40, seed: 7, trainLimit: 30);
        Assert.NotEqual(given.Mean[0], measured.Normalization.Mean[0]);
        Assert.Throws<ArgumentException>(() => DatasetSplits.Create("synthetic", train, train, 40, 7, normalization: new Normalization([0.1, 0.2], [1, 1])));
    }

    [Fact]
    public void The_same_seed_gives_the_same_split_and_another_seed_a_different_one()
    {
        Assert.Equal(TensorDataset.Permutation(1000, 5), TensorDataset.Permutation(1000, 5));
        Assert.NotEqual(TensorDataset.Permutation(1000, 5), TensorDataset.Permutation(1000, 6));
    }

    [Fact]
    public void Normalisation_is_measured_on_the_training_part()
    {
        var train = SyntheticImages.Generate(100, 3, 4, 4, 2, seed: 1);
        var n = Normalization.Measure(train);
        for (int c = 0; c < 3; c++)
        {
            var values = Enumerable.Range(0, 100).SelectMany(i => train.Pixels.AsSpan(i * 48 + c * 16, 16).ToArray()).Select(p => p / 255.0).ToArray();
            double mean = values.Average();
            Assert.Equal(mean, n.Mean[c], 9);
            Assert.Equal(Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average()), n.Std[c], 9);
        }
    }

    [Fact]
    public void Shuffled_batches_visit_every_image_exactly_once()
    {
        var set = SyntheticImages.Generate(103, 1, 4, 4, 10, seed: 2);
        using var data = new TensorDataset(set, Normalization.Measure(set));
        var seen = new List<long>();
        int batches = 0;
        foreach (var (images, labels) in data.Batches(10, shuffleSeed: 11))
        {
            using (images)
            using (labels)
            {
                Assert.Equal(labels.shape[0], images.shape[0]);
                seen.AddRange(labels.data<long>().ToArray());
                batches++;
            }
        }
        Assert.Equal(11, batches);
        Assert.Equal(set.Labels.Select(l => (long)l).Order(), seen.Order());
        Assert.NotEqual(set.Labels.Select(l => (long)l), seen);
    }

    [Fact]
    public void A_validation_size_as_large_as_the_training_set_is_refused()
    {
        var train = SyntheticImages.Generate(10, 1, 4, 4, 2, seed: 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => DatasetSplits.Create("synthetic", train, train, 10, 1));
    }
}

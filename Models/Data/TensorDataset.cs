using TorchSharp;
using static TorchSharp.torch;

namespace PiToolkit.Models.Data;

/// <summary>
/// A split of a dataset as normalised float32 images [N, C, H, W] and int64 labels [N], converted
/// once. Batches are gathered with one <c>index_select</c> from a per-epoch permutation, so no
/// per-batch managed arrays are allocated.
/// </summary>
public sealed class TensorDataset : IDisposable
{
    private Tensor? _images;
    private Tensor? _labels;

    /// <summary>Converts <paramref name="set"/> with <paramref name="normalization"/>.</summary>
    public TensorDataset(ImageSet set, Normalization normalization)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(normalization);
        var floats = new float[(long)set.Count * set.ImageSize];
        for (int n = 0; n < set.Count; n++)
            normalization.Apply(set, n, floats.AsSpan(n * set.ImageSize, set.ImageSize));
        _images = tensor(floats, [set.Count, set.Channels, set.Height, set.Width]);
        _labels = tensor(set.Labels.Select(l => (long)l).ToArray(), [set.Count]);
        Count = set.Count;
        Shape = [set.Channels, set.Height, set.Width];
        Classes = set.Classes;
    }

    /// <summary>Number of images.</summary>
    public int Count { get; }
    /// <summary>One image's shape, C×H×W.</summary>
    public long[] Shape { get; }
    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>All images, [N, C, H, W].</summary>
    public Tensor Images => _images ?? throw new ObjectDisposedException(nameof(TensorDataset));
    /// <summary>All labels, [N].</summary>
    public Tensor Labels => _labels ?? throw new ObjectDisposedException(nameof(TensorDataset));

    /// <summary>
    /// Yields (images, labels) batches. With <paramref name="shuffleSeed"/> the order is a
    /// permutation drawn from that seed (pass seed and epoch together for a new order each epoch);
    /// without it batches are contiguous views. Tensors are created in the caller's dispose scope.
    /// </summary>
    public IEnumerable<(Tensor Images, Tensor Labels)> Batches(int batchSize, int? shuffleSeed = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var images = Images;
        var labels = Labels;
        Tensor? permutation = shuffleSeed is { } seed ? tensor(Permutation(Count, seed)) : null;
        try
        {
            for (int start = 0; start < Count; start += batchSize)
            {
                int length = Math.Min(batchSize, Count - start);
                if (permutation is null)
                {
                    yield return (images.narrow(0, start, length), labels.narrow(0, start, length));
                }
                else
                {
                    using var index = permutation.narrow(0, start, length);
                    yield return (images.index_select(0, index), labels.index_select(0, index));
                }
            }
        }
        finally
        {
            permutation?.Dispose();
        }
    }

    /// <summary>A Fisher-Yates permutation of 0..n-1 from a seeded generator (reproducible across runs and machines).</summary>
    public static long[] Permutation(int n, int seed)
    {
        var order = new long[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var random = new Random(seed);
        for (int i = n - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Interlocked.Exchange(ref _images, null)?.Dispose();
        Interlocked.Exchange(ref _labels, null)?.Dispose();
    }
}

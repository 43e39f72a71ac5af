using PiToolkit.Assets;

namespace PiToolkit.SecureInference.Inputs;

/// <summary>
/// The MNIST test set the build installs from npm (<c>assets/mnist/t10k-*</c>, see <see cref="AssetPaths"/>):
/// what <c>pitk infer --mnist N</c> classifies, with the true label to compare against.
/// </summary>
public static class MnistTestSet
{
    /// <summary>Images in the test set.</summary>
    public const int Count = 10_000;

    /// <summary>Path of the images file.</summary>
    /// <exception cref="FileNotFoundException">The assets are not installed.</exception>
    public static string ImagesPath => AssetPaths.Require("mnist/t10k-images-idx3-ubyte");

    /// <summary>Path of the labels file.</summary>
    /// <exception cref="FileNotFoundException">The assets are not installed.</exception>
    public static string LabelsPath => AssetPaths.Require("mnist/t10k-labels-idx1-ubyte");

    /// <summary>Test image <paramref name="index"/> as the tensor <paramref name="spec"/> describes, with its true label.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside 0..9999.</exception>
    /// <exception cref="FileNotFoundException">The assets are not installed.</exception>
    /// <exception cref="InputFormatException">An asset file is damaged.</exception>
    public static (float[] Input, int Label) Load(int index, InputSpec spec)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        ArgumentNullException.ThrowIfNull(spec);
        var (pixels, rows, columns) = IdxFile.ReadImage(ImagesPath, index);
        return (ImageInput.FromGrayscale(pixels, rows, columns, spec), IdxFile.ReadLabel(LabelsPath, index));
    }
}

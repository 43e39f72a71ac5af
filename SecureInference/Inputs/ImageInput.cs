using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace PiToolkit.SecureInference.Inputs;

/// <summary>
/// Turns a picture (PNG, JPEG and the other formats ImageSharp decodes) or raw grayscale pixels into
/// the normalised C×H×W float tensor an <see cref="InputSpec"/> describes.
/// </summary>
/// <remarks>
/// Conversions, chosen to match how the training data were prepared: transparent pixels are composited
/// over white (what a viewer shows); RGB becomes gray with ITU-R BT.601 weights (PIL's <c>convert("L")</c>,
/// which torchvision's Grayscale uses); gray becomes RGB by repeating it; a picture of another size is
/// stretched to H×W with bicubic resampling (no cropping: a digit drawn off-centre stays in view).
/// Normalisation is computed as the training pipeline does (pixel·(1/(255·std)) − mean/std in float).
/// MNIST-style models expect a light digit on a dark background: <c>invert</c> flips a dark-on-light drawing.
/// </remarks>
public static class ImageInput
{
    /// <summary>The largest picture decoded (pixels), to refuse decompression bombs before allocating.</summary>
    public const long MaxPixels = 64L << 20;

    /// <summary>Decodes the picture in <paramref name="path"/> into the tensor <paramref name="spec"/> describes.</summary>
    /// <exception cref="InputFormatException">The file is missing, not a decodable picture, or larger than <see cref="MaxPixels"/>.</exception>
    public static float[] LoadFile(string path, InputSpec spec, bool invert = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(spec);
        if (!File.Exists(path)) throw new InputFormatException(path, "file not found");
        using var stream = File.OpenRead(path);
        return Load(stream, spec, invert, path);
    }

    /// <summary>Decodes a picture from <paramref name="stream"/> (seekable) into the tensor <paramref name="spec"/> describes.</summary>
    /// <param name="stream">The encoded picture.</param>
    /// <param name="spec">The model's input description.</param>
    /// <param name="invert">Whether to map each pixel p to 255 − p before normalising.</param>
    /// <param name="name">What to call the input in error messages.</param>
    /// <exception cref="InputFormatException">Not a decodable picture, or larger than <see cref="MaxPixels"/>.</exception>
    public static float[] Load(Stream stream, InputSpec spec, bool invert = false, string name = "image")
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(spec);
        try
        {
            // Identify reads only the header, so an enormous picture is refused before it is decoded.
            long start = stream.Position;
            var info = Image.Identify(stream) ?? throw new InputFormatException(name, "not a picture in a format ImageSharp decodes (PNG, JPEG, BMP, GIF, TGA, WebP)");
            if ((long)info.Width * info.Height > MaxPixels)
            {
                throw new InputFormatException(name, $"picture of {info.Width}×{info.Height} pixels is larger than the {MaxPixels} pixels accepted");
            }
            stream.Position = start;
            using var image = Image.Load<Rgba32>(stream);
            if (image.Width != spec.Width || image.Height != spec.Height)
            {
                image.Mutate(x => x.Resize(new ResizeOptions { Size = new Size(spec.Width, spec.Height), Mode = ResizeMode.Stretch, Sampler = KnownResamplers.Bicubic }));
            }
            return ToTensor(image, spec, invert);
        }
        catch (UnknownImageFormatException e)
        {
            throw new InputFormatException(name, "not a picture in a format ImageSharp decodes (PNG, JPEG, BMP, GIF, TGA, WebP)", e);
        }
        catch (InvalidImageContentException e)
        {
            throw new InputFormatException(name, $"the picture is damaged: {e.Message}", e);
        }
        catch (NotSupportedException e)
        {
            throw new InputFormatException(name, $"unsupported picture: {e.Message}", e);
        }
    }

    /// <summary>
    /// Converts 8-bit grayscale pixels (row-major, as in an IDX file) into the tensor <paramref name="spec"/>
    /// describes, resizing when the sizes differ and repeating the gray for RGB models.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="pixels"/> does not hold <paramref name="rows"/>×<paramref name="columns"/> bytes.</exception>
    public static float[] FromGrayscale(ReadOnlySpan<byte> pixels, int rows, int columns, InputSpec spec, bool invert = false)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (pixels.Length != (long)rows * columns)
        {
            throw new ArgumentException($"{pixels.Length} pixels do not make a {rows}×{columns} image.", nameof(pixels));
        }
        if (rows == spec.Height && columns == spec.Width)
        {
            // The common case (MNIST into a 28×28 model) skips ImageSharp entirely: exact bytes in.
            var tensor = new float[spec.Size];
            int plane = rows * columns;
            for (int c = 0; c < spec.Channels; c++)
            {
                var (scale, shift) = Affine(spec, c);
                for (int i = 0; i < plane; i++)
                {
                    int p = invert ? 255 - pixels[i] : pixels[i];
                    tensor[c * plane + i] = p * scale + shift;
                }
            }
            return tensor;
        }
        using var image = Image.LoadPixelData<L8>(pixels, columns, rows);
        using var rgba = image.CloneAs<Rgba32>();
        rgba.Mutate(x => x.Resize(new ResizeOptions { Size = new Size(spec.Width, spec.Height), Mode = ResizeMode.Stretch, Sampler = KnownResamplers.Bicubic }));
        return ToTensor(rgba, spec, invert);
    }

    private static float[] ToTensor(Image<Rgba32> image, InputSpec spec, bool invert)
    {
        var tensor = new float[spec.Size];
        int plane = spec.Height * spec.Width;
        var affine = Enumerable.Range(0, spec.Channels).Select(c => Affine(spec, c)).ToArray();
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                {
                    var (r, g, b) = OverWhite(row[x]);
                    int at = y * spec.Width + x;
                    if (spec.Channels == 1)
                    {
                        // PIL's integer BT.601 luma: L = (299 R + 587 G + 114 B) / 1000, rounded.
                        int gray = (299 * r + 587 * g + 114 * b + 500) / 1000;
                        tensor[at] = Normalise(gray, invert, affine[0]);
                    }
                    else
                    {
                        tensor[at] = Normalise(r, invert, affine[0]);
                        tensor[plane + at] = Normalise(g, invert, affine[1]);
                        tensor[2 * plane + at] = Normalise(b, invert, affine[2]);
                    }
                }
            }
        });
        return tensor;
    }

    private static (int R, int G, int B) OverWhite(Rgba32 p)
    {
        if (p.A == 255) return (p.R, p.G, p.B);
        int a = p.A;
        return ((p.R * a + 255 * (255 - a) + 127) / 255, (p.G * a + 255 * (255 - a) + 127) / 255, (p.B * a + 255 * (255 - a) + 127) / 255);
    }

    private static float Normalise(int pixel, bool invert, (float Scale, float Shift) affine) =>
        (invert ? 255 - pixel : pixel) * affine.Scale + affine.Shift;

    private static (float Scale, float Shift) Affine(InputSpec spec, int channel) =>
        ((float)(1.0 / (255.0 * spec.Std[channel])), (float)(-spec.Mean[channel] / spec.Std[channel]));
}

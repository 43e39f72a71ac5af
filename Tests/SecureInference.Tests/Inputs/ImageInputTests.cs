using PiToolkit.SecureInference.Inputs;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PiToolkit.SecureInference.Tests.Inputs;

public class ImageInputTests
{
    private static readonly InputSpec Gray2x2 = InputSpec.Create([1, 2, 2], [0.5], [0.25]);

    private static float Expected(int pixel, double mean, double std) => pixel * (float)(1.0 / (255.0 * std)) + (float)(-mean / std);

    private static float[] Load(byte[] png, InputSpec spec, bool invert = false) => ImageInput.Load(new MemoryStream(png), spec, invert);

    [Fact]
    public void A_hand_made_grayscale_png_becomes_the_normalised_tensor_pixel_for_pixel()
    {
        var tensor = Load(TinyPng.Encode(2, 2, TinyPng.Gray, [0, 64, 128, 255]), Gray2x2);
        Assert.Equal([Expected(0, 0.5, 0.25), Expected(64, 0.5, 0.25), Expected(128, 0.5, 0.25), Expected(255, 0.5, 0.25)], tensor);
        Assert.Equal(-2f, tensor[0], 5);
        Assert.Equal(2f, tensor[3], 5);
    }

    [Fact]
    public void Colour_becomes_gray_with_BT_601_weights_and_transparency_is_composited_over_white()
    {
        byte[] rgba =
        [
            255, 0, 0, 255,     0, 255, 0, 255,
            0, 0, 255, 255,     10, 20, 30, 0,
        ];
        var tensor = Load(TinyPng.Encode(2, 2, TinyPng.Rgba, rgba), InputSpec.Create([1, 2, 2], [0.0], [1.0]));
        Assert.Equal([Expected(76, 0, 1), Expected(150, 0, 1), Expected(29, 0, 1), Expected(255, 0, 1)], tensor);
    }

    [Fact]
    public void An_rgb_model_gets_channel_planes_each_with_its_own_mean_and_std_and_gray_repeats()
    {
        var spec = InputSpec.Create([3, 1, 2], [0.1, 0.2, 0.3], [0.5, 0.6, 0.7]);
        var colour = Load(TinyPng.Encode(2, 1, TinyPng.Rgb, [10, 20, 30, 40, 50, 60]), spec);
        Assert.Equal([Expected(10, 0.1, 0.5), Expected(40, 0.1, 0.5), Expected(20, 0.2, 0.6), Expected(50, 0.2, 0.6), Expected(30, 0.3, 0.7), Expected(60, 0.3, 0.7)], colour);
        var gray = Load(TinyPng.Encode(2, 1, TinyPng.Gray, [100, 200]), spec);
        Assert.Equal([Expected(100, 0.1, 0.5), Expected(200, 0.1, 0.5), Expected(100, 0.2, 0.6), Expected(200, 0.2, 0.6), Expected(100, 0.3, 0.7), Expected(200, 0.3, 0.7)], gray);
    }

    [Fact]
    public void A_picture_of_another_size_is_resized_and_inversion_flips_the_pixels()
    {
        var uniform = Enumerable.Repeat((byte)200, 16).ToArray();
        var tensor = Load(TinyPng.Encode(4, 4, TinyPng.Gray, uniform), Gray2x2);
        Assert.All(tensor, v => Assert.Equal(Expected(200, 0.5, 0.25), v, 5));
        var inverted = Load(TinyPng.Encode(2, 2, TinyPng.Gray, [0, 64, 128, 255]), Gray2x2, invert: true);
        Assert.Equal([Expected(255, 0.5, 0.25), Expected(191, 0.5, 0.25), Expected(127, 0.5, 0.25), Expected(0, 0.5, 0.25)], inverted);
    }

    [Fact]
    public void A_jpeg_decodes_close_to_its_source()
    {
        using var image = new Image<L8>(8, 8, new L8(128));
        using var jpeg = new MemoryStream();
        image.SaveAsJpeg(jpeg);
        jpeg.Position = 0;
        var tensor = ImageInput.Load(jpeg, InputSpec.Create([1, 8, 8], [0.0], [1.0]));
        Assert.All(tensor, v => Assert.InRange(v * 255, 126, 130));
    }

    [Fact]
    public void Files_that_are_not_pictures_are_input_format_errors_naming_the_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"pitk-not-a-picture-{Guid.NewGuid():N}.png");
        File.WriteAllText(path, "hello");
        try
        {
            var e = Assert.Throws<InputFormatException>(() => ImageInput.LoadFile(path, Gray2x2));
            Assert.Contains(path, e.Message);
            var truncated = TinyPng.Encode(2, 2, TinyPng.Gray, [1, 2, 3, 4])[..30];
            Assert.Throws<InputFormatException>(() => Load(truncated, Gray2x2));
            Assert.Throws<InputFormatException>(() => ImageInput.LoadFile(path + ".missing", Gray2x2));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Grayscale_pixels_of_the_model_size_pass_through_exactly_and_others_are_resized()
    {
        byte[] pixels = [0, 64, 128, 255];
        Assert.Equal(Load(TinyPng.Encode(2, 2, TinyPng.Gray, pixels), Gray2x2), ImageInput.FromGrayscale(pixels, 2, 2, Gray2x2));
        var resized = ImageInput.FromGrayscale(Enumerable.Repeat((byte)50, 9).ToArray(), 3, 3, Gray2x2);
        Assert.All(resized, v => Assert.Equal(Expected(50, 0.5, 0.25), v, 5));
        Assert.Throws<ArgumentException>(() => ImageInput.FromGrayscale(pixels, 3, 3, Gray2x2));
    }

    [Theory]
    [InlineData(new long[] { 2, 28, 28 })]
    [InlineData(new long[] { 1, 0, 28 })]
    [InlineData(new long[] { 28, 28 })]
    public void Input_specs_refuse_shapes_that_are_not_images(long[] shape)
    {
        Assert.Throws<ArgumentException>(() => InputSpec.Create(shape, [0.0], [1.0]));
    }

    [Fact]
    public void Input_specs_refuse_bad_normalisation()
    {
        Assert.Throws<ArgumentException>(() => InputSpec.Create([1, 2, 2], [0.0], [0.0]));
        Assert.Throws<ArgumentException>(() => InputSpec.Create([3, 2, 2], [0.0, 0.0], [1.0]));
        Assert.Throws<ArgumentException>(() => InputSpec.Create([1, 2, 2], [double.NaN], [1.0]));
    }
}

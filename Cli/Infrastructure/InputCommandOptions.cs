using System.CommandLine;
using System.Globalization;
using PiToolkit.SecureInference.Inputs;

namespace PiToolkit.Cli.Infrastructure;

/// <summary>
/// Where a client command's inputs come from: exactly one of <c>--image</c> (PNG/JPEG),
/// <c>--mnist N</c> (the installed MNIST test set) or <c>--idx FILE</c>, with <c>--count</c> for
/// consecutive images and <c>--invert</c> for dark-on-light drawings.
/// </summary>
public sealed class InputCommandOptions
{
    /// <summary>--image.</summary>
    public Option<FileInfo?> Image { get; } = new("--image") { Description = "A PNG or JPEG picture; resized and converted to the model's input (MNIST models expect a light digit on a dark background, see --invert)" };

    /// <summary>--mnist.</summary>
    public Option<int?> Mnist { get; } = new("--mnist") { Description = "Index of an MNIST test image (0..9999), shown with its true label" };

    /// <summary>--idx.</summary>
    public Option<FileInfo?> Idx { get; } = new("--idx") { Description = "An IDX images file (MNIST format); with --labels, true labels are shown" };

    /// <summary>--labels.</summary>
    public Option<FileInfo?> Labels { get; } = new("--labels") { Description = "The IDX labels file matching --idx" };

    /// <summary>--first.</summary>
    public Option<int> First { get; } = new("--first") { Description = "Index of the first --idx image", DefaultValueFactory = _ => 0 };

    /// <summary>--count.</summary>
    public Option<int> Count { get; } = CommonOptions.PositiveInt("--count", "How many consecutive images to classify (--mnist or --idx)", 1);

    /// <summary>--invert.</summary>
    public Option<bool> Invert { get; } = new("--invert") { Description = "Invert --image pixels (255 − p): for a dark digit drawn on a light background" };

    /// <summary>Creates the options and adds them to <paramref name="command"/>.</summary>
    public static InputCommandOptions AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var o = new InputCommandOptions();
        foreach (Option option in (Option[])[o.Image, o.Mnist, o.Idx, o.Labels, o.First, o.Count, o.Invert])
        {
            command.Options.Add(option);
        }
        return o;
    }

    /// <summary>The inputs the command line names, checked (files exist, indices in range) but not yet decoded.</summary>
    /// <exception cref="UserError">Not exactly one source, or an index or count out of range.</exception>
    /// <exception cref="InputFormatException">An IDX file is malformed.</exception>
    public IReadOnlyList<ClientInput> ToInputs(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var image = parse.GetValue(Image);
        int? mnist = parse.GetValue(Mnist);
        var idx = parse.GetValue(Idx);
        int count = parse.GetValue(Count);
        bool invert = parse.GetValue(Invert);
        int sources = (image is null ? 0 : 1) + (mnist is null ? 0 : 1) + (idx is null ? 0 : 1);
        if (sources != 1)
            throw new UserError("give exactly one input: --image FILE, --mnist INDEX or --idx FILE");
        if (image is not null)
        {
            if (count != 1) throw new UserError("--count applies to --mnist and --idx, not --image");
            if (!image.Exists) throw new UserError($"--image: {image.FullName} not found");
            return [new ClientInput(image.Name, null, spec => ImageInput.LoadFile(image.FullName, spec, invert))];
        }
        if (mnist is { } first)
        {
            if (first < 0 || first + (long)count > MnistTestSet.Count)
                throw new UserError(string.Create(CultureInfo.InvariantCulture, $"--mnist: images {first}..{first + (long)count - 1} are outside the test set (0..{MnistTestSet.Count - 1})"));
            return Enumerable.Range(first, count)
                .Select(i => new ClientInput(string.Create(CultureInfo.InvariantCulture, $"MNIST test #{i}"), IdxFile.ReadLabel(MnistTestSet.LabelsPath, i), spec => Grayscale(MnistTestSet.ImagesPath, i, spec, invert)))
                .ToList();
        }
        string images = idx!.FullName;
        string? labels = parse.GetValue(Labels)?.FullName;
        int start = parse.GetValue(First);
        int total = IdxFile.CountImages(images);
        if (start < 0 || start + (long)count > total)
            throw new UserError(string.Create(CultureInfo.InvariantCulture, $"--first/--count: images {start}..{start + (long)count - 1} are outside {idx.Name} (0..{total - 1})"));
        return Enumerable.Range(start, count)
            .Select(i => new ClientInput(string.Create(CultureInfo.InvariantCulture, $"{idx.Name} #{i}"), labels is null ? null : IdxFile.ReadLabel(labels, i), spec => Grayscale(images, i, spec, invert)))
            .ToList();
    }

    private static float[] Grayscale(string path, int index, InputSpec spec, bool invert)
    {
        var (pixels, rows, columns) = IdxFile.ReadImage(path, index);
        return ImageInput.FromGrayscale(pixels, rows, columns, spec, invert);
    }
}

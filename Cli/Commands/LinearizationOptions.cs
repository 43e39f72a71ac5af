using System.CommandLine;
using PiToolkit.Cli.Infrastructure;
using PiToolkit.Linearize;
using PiToolkit.Linearize.Masks;
using PiToolkit.Linearize.Snl;

namespace PiToolkit.Cli.Commands;

/// <summary>The options <c>pitk linearize</c> and <c>pitk sweep</c> share, so both read them the same way.</summary>
public sealed class LinearizationOptions
{
    private readonly Option<string> _checkpoint = new("--checkpoint") { Description = "Trained checkpoint folder", Required = true };
    private readonly Option<string> _output = new("--out") { Description = "Folder to write", Required = true };
    private readonly Option<string> _granularity = CommonOptions.OneOf("--granularity", "One mask per activation or per channel", "pixel", ["pixel", "channel"]);
    private readonly Option<int> _epochs = CommonOptions.PositiveInt("--epochs",
        "Weight-training epochs every method gets in total: baselines finetune all of them, SNL finetunes what its mask phase leaves", 20);
    private readonly Option<double> _finetuneRate = new("--finetune-lr") { Description = "Finetuning SGD learning rate (cosine schedule; the SNL reference value)", DefaultValueFactory = _ => 1e-3 };
    private readonly Option<int> _maskEpochs = CommonOptions.PositiveInt("--max-mask-epochs",
        "Cap on SNL mask epochs (must be below --epochs); hitting it with more ReLUs alive than the budget prints a warning", 15);
    private readonly Option<double> _lambda = new("--lambda") { Description = "SNL's initial L1 coefficient λ", DefaultValueFactory = _ => 1e-5 };
    private readonly Option<int> _pace = new("--pace-epochs")
    {
        Description = "0 (default): SNL's reference λ rule (×1.1 after an epoch with no new minimum of alive ReLUs, from epoch 5). "
            + "N > 0: the pacing variant, λ × --pace-boost after an epoch that ends above a geometric pace reaching the budget in N epochs",
        DefaultValueFactory = _ => 0,
    };
    private readonly Option<double> _paceBoost = new("--pace-boost") { Description = "Pacing variant: factor applied to λ after an epoch above the pace", DefaultValueFactory = _ => 2 };
    private readonly Option<string?> _data = new("--data") { Description = "Dataset folder, as for training" };
    private readonly Option<int?> _trainLimit = new("--train-limit") { Description = "Train on only the first N training images (quick runs)" };
    private readonly Option<int> _seed = CommonOptions.Seed();
    private readonly Option<int> _threads = CommonOptions.Threads();

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in new Option[] { _checkpoint, _output, _granularity, _epochs, _finetuneRate, _maskEpochs, _lambda, _pace, _paceBoost, _data, _trainLimit, _seed, _threads })
            command.Options.Add(option);
    }

    /// <summary>A spec from the parsed options; budget and method are the caller's to set.</summary>
    public LinearizationSpec Read(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new LinearizationSpec(
            parse.GetValue(_checkpoint)!, parse.GetValue(_output)!, new ReluBudget(1, null), LinearizationMethod.Snl,
            Enum.Parse<MaskGranularity>(parse.GetValue(_granularity)!, ignoreCase: true),
            new SnlOptions(InitialLambda: parse.GetValue(_lambda), MaxEpochs: parse.GetValue(_maskEpochs), PaceEpochs: parse.GetValue(_pace),
                PaceBoost: parse.GetValue(_paceBoost)),
            new FinetuneOptions(Epochs: parse.GetValue(_epochs), LearningRate: parse.GetValue(_finetuneRate)),
            parse.GetValue(_seed), parse.GetValue(_threads), parse.GetValue(_data), parse.GetValue(_trainLimit));
    }
}

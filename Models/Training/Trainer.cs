using System.Diagnostics;
using PiToolkit.ModelFormat.IO;
using PiToolkit.Models.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PiToolkit.Models.Training;

/// <summary>
/// Supervised training with cross-entropy: seeded shuffling, SGD-with-momentum or Adam, constant,
/// cosine or step schedules, validation after every epoch, progress reports at most every
/// <see cref="ProgressInterval"/>, and cooperative cancellation between batches.
/// </summary>
public sealed class Trainer
{
    /// <summary>Minimum time between progress reports.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(2);

    private readonly TrainingOptions _options;

    /// <summary>Creates a trainer with validated options.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public Trainer(TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>
    /// Trains the parameters of <paramref name="model"/> that require gradients on
    /// <paramref name="splits"/>.Train and validates after each epoch. <paramref name="onEpoch"/>
    /// runs after each epoch (e.g. to save a checkpoint) and returns false to stop early.
    /// <paramref name="loss"/> replaces the default cross-entropy objective.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled; the model keeps the weights of the last finished step.</exception>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    /// <remarks>With <paramref name="resume"/> the run starts at its first epoch with the saved optimiser state and saves it after every epoch.</remarks>
    public IReadOnlyList<EpochSummary> Train(nn.Module<Tensor, Tensor> model, DatasetSplits splits,
        IProgress<TrainingProgress>? progress = null, Func<EpochSummary, bool>? onEpoch = null, CancellationToken cancellation = default,
        LossFunction? loss = null, TrainingResume? resume = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(splits);
        var parameters = model.parameters().Where(p => p.requires_grad).ToList();
        using var optimizer = CreateOptimizer(parameters);
        if (resume?.OptimizerStatePath is { } load && File.Exists(load)) optimizer.load_state_dict(load);
        var history = new List<EpochSummary>();
        for (int epoch = resume?.FirstEpoch ?? 1; epoch <= _options.Epochs; epoch++)
        {
            double rate = LearningRateAt(epoch - 1);
            SetLearningRate(optimizer, rate);
            var summary = RunEpoch(model, optimizer, splits, epoch, rate, loss ?? CrossEntropy, progress, cancellation);
            history.Add(summary);
            if ((resume?.SaveOptimizerTo?.Invoke(epoch) ?? resume?.OptimizerStatePath) is { } save)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(save))!);
                AtomicFile.Write(save, temporary => optimizer.save_state_dict(temporary));
            }
            if (onEpoch is not null && !onEpoch(summary)) break;
        }
        return history;
    }

    /// <summary>The default objective: mean cross-entropy of the logits against the labels.</summary>
    public static Tensor CrossEntropy(Tensor images, Tensor logits, Tensor labels) => nn.functional.cross_entropy(logits, labels);

    /// <summary>The learning rate of 0-based <paramref name="epoch"/> under the configured schedule.</summary>
    public double LearningRateAt(int epoch) => _options.Schedule switch
    {
        ScheduleKind.Cosine => _options.LearningRate * 0.5 * (1 + Math.Cos(Math.PI * epoch / _options.Epochs)),
        ScheduleKind.Step => _options.LearningRate * Math.Pow(_options.StepGamma, epoch / _options.StepEpochs),
        _ => _options.LearningRate,
    };

    private EpochSummary RunEpoch(nn.Module<Tensor, Tensor> model, OptimizerHelper optimizer, DatasetSplits splits, int epoch, double rate,
        LossFunction objective, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        model.train();
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        double lossSum = 0;
        long correct = 0;
        int seen = 0;
        int total = splits.Train.Count;
        // A new order each epoch that depends only on (seed, epoch): a resumed run shuffles identically.
        bool augment = _options.CropPadding > 0 || _options.HorizontalFlip;
        var augmentation = new Random(unchecked(ShuffleSeed(_options.Seed, epoch) * 31 + 17));
        foreach (var (batch, labels) in splits.Train.Batches(_options.BatchSize, ShuffleSeed(_options.Seed, epoch)))
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var images = augment ? Augmentation.CropAndFlip(batch, _options.CropPadding, _options.HorizontalFlip, augmentation) : batch;
            optimizer.zero_grad();
            var logits = model.forward(images);
            var loss = objective(images, logits, labels);
            loss.backward();
            optimizer.step();

            int n = (int)labels.shape[0];
            float value = loss.item<float>();
            if (!float.IsFinite(value)) throw new TrainingDivergedException(epoch, seen, torch.get_num_threads());
            lossSum += value * n;
            correct += logits.argmax(1).eq(labels).sum().item<long>();
            seen += n;
            if (progress is not null && (clock.Elapsed - lastReport >= ProgressInterval || seen == total))
            {
                lastReport = clock.Elapsed;
                progress.Report(new TrainingProgress(epoch, _options.Epochs, seen, total, seen / clock.Elapsed.TotalSeconds, lossSum / seen, (double)correct / seen));
            }
        }
        double validation = Evaluation.Accuracy(model, splits.Validation, cancellation: cancellation);
        return new EpochSummary(epoch, rate, lossSum / Math.Max(seen, 1), (double)correct / Math.Max(seen, 1), validation, clock.Elapsed.TotalSeconds);
    }

    // HashCode.Combine is randomised per process, so the epoch seed is mixed by hand to stay reproducible.
    private static int ShuffleSeed(int seed, int epoch) => unchecked(seed * 1_000_003 + epoch);

    private OptimizerHelper CreateOptimizer(IEnumerable<Parameter> parameters) => _options.Optimizer switch
    {
        OptimizerKind.Sgd => optim.SGD(parameters, _options.LearningRate, momentum: _options.Momentum, weight_decay: _options.WeightDecay),
        _ => optim.Adam(parameters, _options.LearningRate, weight_decay: _options.WeightDecay),
    };

    private static void SetLearningRate(OptimizerHelper optimizer, double rate)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = rate;
    }
}

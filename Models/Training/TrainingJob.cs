using PiToolkit.Models.Census;
using PiToolkit.Models.Checkpoints;
using PiToolkit.Models.Data;
using PiToolkit.Models.Zoo;

namespace PiToolkit.Models.Training;

/// <summary>
/// The whole supervised-training workflow behind <c>pitk train</c>: load and split the data, build
/// the model, train, save a checkpoint after every epoch (so Ctrl-C keeps the last finished epoch),
/// then measure test accuracy once and write the final manifest. Weights and optimiser state are
/// also committed to <see cref="StateFolder"/> after every epoch; running the same command again
/// continues an interrupted run from its last finished epoch (and refuses if the settings differ).
/// </summary>
public static class TrainingJob
{
    /// <summary>Folder inside the output where an unfinished run keeps its resumable state.</summary>
    public const string StateFolder = "train-state";

    /// <summary>Runs the job; returns the final manifest.</summary>
    /// <exception cref="ArgumentException">Unknown model or dataset, or bad options.</exception>
    /// <exception cref="DatasetFormatException">Dataset files missing or malformed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the last finished epoch's checkpoint and resumable state remain.</exception>
    /// <exception cref="CheckpointFormatException">The output holds an unreadable resumable state.</exception>
    public static CheckpointManifest Run(TrainingJobSpec spec, IProgress<TrainingProgress>? progress = null,
        Action<EpochSummary>? onEpoch = null, Action<CensusReport>? onCensus = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Training.Validate();
        ModelZoo.Find(spec.Architecture);
        var (channels, height, width, classes) = DatasetCatalog.Geometry(spec.Dataset);
        var options = new ModelOptions(spec.Architecture, classes, channels, height, width, spec.Width, spec.Pooling, BatchNorm: spec.BatchNorm);
        options.Validate();

        Reproducibility.Configure(spec.Training.Seed, spec.Training.Threads);
        var (officialTrain, officialTest) = DatasetCatalog.Load(spec.Dataset, spec.DataFolder);
        int validationCount = spec.ValidationCount ?? DatasetCatalog.DefaultValidationCount(officialTrain.Count);
        using var splits = DatasetSplits.Create(spec.Dataset, officialTrain, officialTest, validationCount, spec.Training.Seed, spec.TrainLimit, spec.TestLimit);

        using var model = ModelZoo.Build(options);
        var census = ReluCensus.Take(model);
        onCensus?.Invoke(census);

        var manifest = new CheckpointManifest
        {
            Model = options,
            Dataset = new DatasetRecord(spec.Dataset, validationCount, splits.Train.Count, spec.Training.Seed),
            Normalization = splits.Normalization,
            Accuracy = new AccuracyRecord(null, null),
            Census = census,
            Training = spec.Training,
            Tensors = [],
            WeightsSha256 = "",
        };
        var history = new List<EpochSummary>();
        var store = new EpochStateStore<TrainingState>(Path.Combine(spec.Output, StateFolder));
        // Everything that shapes the result except where it is written (Threads only changes speed).
        var settings = new Dictionary<string, string>
        {
            ["spec"] = System.Text.Json.JsonSerializer.Serialize(spec with { Output = "", Training = spec.Training with { Threads = 0 } }, Checkpoint.JsonOptions),
        };
        int done = 0;
        if (store.TryLoad(model, settings) is var (epoch, state))
        {
            history.AddRange(state.History);
            done = epoch;
            manifest = manifest with { Accuracy = new AccuracyRecord(history[^1].ValidationAccuracy, null), History = history.ToList() };
        }
        new Trainer(spec.Training).Train(model, splits, progress, summary =>
        {
            history.Add(summary);
            manifest = Checkpoint.Save(spec.Output, model, manifest with
            {
                Accuracy = new AccuracyRecord(summary.ValidationAccuracy, null),
                History = history.ToList(),
            });
            store.Save(model, summary.Epoch, settings, new TrainingState(history.ToList()));
            onEpoch?.Invoke(summary);
            return true;
        }, cancellation, resume: store.Resume(done));

        double test = Evaluation.Accuracy(model, splits.Test, cancellation: cancellation);
        var written = Checkpoint.Save(spec.Output, model, manifest with { Accuracy = manifest.Accuracy with { Test = test } });
        store.Delete();
        return written;
    }
}

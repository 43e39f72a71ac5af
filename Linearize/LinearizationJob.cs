using System.Diagnostics;
using System.Globalization;
using PiToolkit.Linearize.Baselines;
using PiToolkit.Linearize.Masks;
using PiToolkit.Linearize.Snl;
using PiToolkit.Models.Census;
using PiToolkit.Models.Checkpoints;
using PiToolkit.Models.Data;
using PiToolkit.Models.Training;

namespace PiToolkit.Linearize;

/// <summary>
/// The workflow behind <c>pitk linearize</c>: load a trained checkpoint (twice: a student and a
/// frozen teacher), choose the ReLUs to keep with the chosen method, cut to exactly the budget,
/// finetune with frozen masks, and save a checkpoint whose manifest records the budget, the
/// achieved counts per site, accuracy before and after, the method and its history.
/// </summary>
public static class LinearizationJob
{
    /// <summary>Runs the job and returns the written manifest. <paramref name="log"/> receives one line per phase and epoch.</summary>
    /// <exception cref="CheckpointFormatException">The source checkpoint is invalid or already linearized.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The budget exceeds the model's ReLUs.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing is written.</exception>
    public static CheckpointManifest Run(LinearizationSpec spec, Action<string>? log = null, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var clock = Stopwatch.StartNew();
        var (student, source) = Checkpoint.Load(spec.Checkpoint);
        using var _ = student;
        if (source.Linearization is not null)
            throw new CheckpointFormatException($"{spec.Checkpoint} is already linearized ({source.Linearization.Method}, budget {source.Linearization.Budget}); start from the trained model");
        var (teacher, _) = Checkpoint.Load(spec.Checkpoint);
        using var teacherScope = teacher;
        teacher.eval();
        foreach (var p in teacher.parameters()) p.requires_grad = false;

        Reproducibility.Configure(spec.Seed, spec.Threads);
        var (train, test) = DatasetCatalog.Load(source.Dataset.Name, spec.DataFolder);
        using var splits = DatasetSplits.Create(source.Dataset.Name, train, test, source.Dataset.ValidationCount, source.Dataset.SplitSeed, spec.TrainLimit);

        var census = ReluCensus.Take(student);
        long budget = spec.Budget.Resolve(census.TotalCapacity);
        var finetune = spec.Finetune ?? new FinetuneOptions();
        var snl = spec.Snl ?? new SnlOptions();
        log?.Invoke($"linearizing {source.Model.Architecture} ({census.TotalCapacity:N0} ReLUs) to {budget:N0} with {spec.Method}, {spec.Granularity} masks");

        IReadOnlyList<MaskEpoch> maskHistory = [];
        List<MaskUnit> units;
        // The mask phase is the long part: its state is kept beside the output until the run is done.
        var snlState = new SnlStateStore(Path.Combine(spec.Output, "snl-state"));
        if (budget == 0)
        {
            // Nothing to rank: every method keeps no ReLU, so a mask phase would only burn epochs.
            log?.Invoke("budget 0: every site becomes the identity (the fully linear model)");
            units = [];
        }
        else switch (spec.Method)
        {
            case LinearizationMethod.Snl:
                if (File.Exists(Path.Combine(spec.Output, "snl-state", "state.json"))) log?.Invoke($"resuming the mask phase from {Path.Combine(spec.Output, "snl-state")}");
                (units, maskHistory) = SnlMaskSearch.Run(student, teacher, splits, spec.Granularity, budget, snl, spec.Seed, progress,
                    e => log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"mask epoch {e.Epoch}: λ {e.Lambda:G3}, {e.Alive:N0} ReLUs alive, validation acc {e.ValidationAccuracy:P2}")),
                    cancellation, Path.Combine(spec.Output, "snl-state"));
                break;
            case LinearizationMethod.Random:
                units = RandomSelection.Units(student, spec.Granularity, spec.Seed);
                break;
            default:
                var criticality = LayerwiseSelection.Criticality(student, splits.Validation, spec.Granularity, cancellation);
                log?.Invoke("criticality (validation accuracy lost per linearized site): " + string.Join(", ",
                    student.ReluSites().Select((s, i) => string.Create(CultureInfo.InvariantCulture, $"{s.Name} {criticality[i]:P1}"))));
                units = LayerwiseSelection.Units(student, criticality, spec.Granularity, spec.Seed);
                break;
        }

        var (keep, achieved) = BudgetSelector.Select(units, SiteMasks.EntriesPerSite(student, spec.Granularity), budget);
        SiteMasks.ApplyBinary(student, spec.Granularity, keep);
        double cut = Evaluation.Accuracy(student, splits.Validation, cancellation: cancellation);
        log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"kept {achieved:N0} ReLUs (budget {budget:N0}); validation acc before finetuning {cut:P2}"));

        var finetuning = Finetuner.Run(student, teacher, splits, finetune, spec.Seed, progress,
            e => log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"finetune epoch {e.Epoch}: validation acc {e.ValidationAccuracy:P2}")), cancellation);

        var after = ReluCensus.Take(student);
        if (after.TotalRelus != achieved)
            throw new InvalidOperationException($"census counts {after.TotalRelus} ReLUs after linearization, selection kept {achieved}");
        double validation = Evaluation.Accuracy(student, splits.Validation, cancellation: cancellation);
        double testAccuracy = Evaluation.Accuracy(student, splits.Test, cancellation: cancellation);
        var record = new LinearizationRecord(
            spec.Method.ToString().ToLowerInvariant(), spec.Granularity.ToString().ToLowerInvariant(), budget, achieved, Path.GetFullPath(spec.Checkpoint),
            source.Accuracy, new AccuracyRecord(validation, testAccuracy), Hyperparameters(spec, snl, finetune), maskHistory, finetuning,
            clock.Elapsed.TotalSeconds);
        var written = Checkpoint.Save(spec.Output, student, source with
        {
            Census = after,
            Accuracy = record.After,
            Linearization = record,
            CreatedUtc = DateTime.UtcNow,
        });
        snlState.Delete();
        return written;
    }

    private static Dictionary<string, double> Hyperparameters(LinearizationSpec spec, SnlOptions snl, FinetuneOptions finetune)
    {
        var values = new Dictionary<string, double>
        {
            ["seed"] = spec.Seed,
            ["finetuneEpochs"] = finetune.Epochs,
            ["finetuneLearningRate"] = finetune.LearningRate,
            ["finetuneMomentum"] = finetune.Momentum,
            ["finetuneWeightDecay"] = finetune.WeightDecay,
            ["batchSize"] = finetune.BatchSize,
            ["temperature"] = finetune.Temperature,
        };
        if (spec.Method == LinearizationMethod.Snl)
        {
            values["initialLambda"] = snl.InitialLambda;
            values["lambdaGrowth"] = snl.LambdaGrowth;
            values["aliveThreshold"] = snl.AliveThreshold;
            values["maxMaskEpochs"] = snl.MaxEpochs;
            values["maskLearningRate"] = snl.LearningRate;
        }
        return values;
    }
}

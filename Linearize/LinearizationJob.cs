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
/// achieved counts per site, accuracy before and after, the method, every setting and its history.
/// </summary>
/// <remarks>
/// Every method gets the same number of weight-training epochs (<see cref="FinetuneOptions.Epochs"/>):
/// SNL's mask phase trains the weights as well, so its mask epochs are taken from that total and it
/// finetunes the rest. Without this, SNL would be compared after more training than the baselines.
/// Both long phases (mask search and finetuning) commit their state after every epoch beside the
/// output; running the same command again continues an interrupted run, and refuses to if any
/// setting differs.
/// </remarks>
public static class LinearizationJob
{
    /// <summary>Folder inside the output where SNL's mask phase keeps its resumable state.</summary>
    public const string SnlStateFolder = "snl-state";
    /// <summary>Folder inside the output where finetuning keeps its resumable state.</summary>
    public const string FinetuneStateFolder = "finetune-state";

    /// <summary>Runs the job and returns the written manifest. <paramref name="log"/> receives one line per phase and epoch, and warnings prefixed "warning:".</summary>
    /// <exception cref="CheckpointFormatException">The source checkpoint is invalid or already linearized, or a saved state is unreadable.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The budget exceeds the model's ReLUs.</exception>
    /// <exception cref="ArgumentException">Bad options (e.g. an SNL mask-epoch cap that leaves no finetuning epoch), or a saved state from a run with other settings.</exception>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; no checkpoint is written, the saved state remains.</exception>
    public static CheckpointManifest Run(LinearizationSpec spec, Action<string>? log = null, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var finetune = spec.Finetune ?? new FinetuneOptions();
        var snl = spec.Snl ?? new SnlOptions();
        snl.Validate();
        if (finetune.Epochs < 1)
            throw new ArgumentException($"weight-training epochs must be at least 1 (got {finetune.Epochs})", nameof(spec));
        if (spec.Method == LinearizationMethod.Snl && snl.MaxEpochs >= finetune.Epochs)
            throw new ArgumentException($"the SNL mask-epoch cap ({snl.MaxEpochs}) must be below the total weight-training epochs ({finetune.Epochs}): "
                + "mask epochs count towards the total and at least one finetuning epoch must remain", nameof(spec));

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
        // The model was trained on inputs normalised with the source's statistics; a --train-limit
        // subset must be fed the same way (and the output manifest records exactly these).
        using var splits = DatasetSplits.Create(source.Dataset.Name, train, test, source.Dataset.ValidationCount, source.Dataset.SplitSeed, spec.TrainLimit,
            normalization: source.Normalization);

        var census = ReluCensus.Take(student);
        long budget = spec.Budget.Resolve(census.TotalCapacity);
        string method = LinearizationMethodNames.Display(spec.Method);
        log?.Invoke($"linearizing {source.Model.Architecture} ({census.TotalCapacity:N0} ReLUs) to {budget:N0} with {method}, {spec.Granularity.ToString().ToLowerInvariant()} masks, {finetune.Epochs} weight-training epochs");
        if (census.TotalMaxPoolComparisons > 0)
            log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"warning: {source.Model.Architecture} uses max pooling: {census.TotalMaxPoolComparisons:N0} secure comparisons stay on top of the ReLU budget, each about as costly as a ReLU; train the model with --pooling avg to remove them"));

        var hyperparameters = Hyperparameters(spec, snl, finetune);
        var settings = Settings(spec, budget, source, hyperparameters);
        var snlState = Path.Combine(spec.Output, SnlStateFolder);
        var finetuneState = Path.Combine(spec.Output, FinetuneStateFolder);

        IReadOnlyList<MaskEpoch> maskHistory = [];
        List<MaskUnit> units;
        if (budget == 0)
        {
            // Nothing to rank: every method keeps no ReLU, so a mask phase would only burn epochs.
            log?.Invoke("budget 0: every site becomes the identity (the fully linear model)");
            units = [];
        }
        else switch (spec.Method)
        {
            case LinearizationMethod.Snl:
                if (File.Exists(Path.Combine(snlState, "state.json"))) log?.Invoke($"resuming the mask phase from {snlState}");
                (units, maskHistory) = SnlMaskSearch.Run(student, teacher, splits, spec.Granularity, budget, snl, spec.Seed, progress,
                    e => log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"mask epoch {e.Epoch}: λ {e.Lambda:G3}, {e.Alive:N0} ReLUs alive, validation acc {e.ValidationAccuracy:P2}, λ then {e.LambdaChange}")),
                    cancellation, snlState, settings);
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

        int maskEpochs = maskHistory.Count;
        bool capHit = spec.Method == LinearizationMethod.Snl && maskEpochs >= snl.MaxEpochs && maskHistory[^1].Alive > budget;
        if (capHit)
            log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"warning: the mask phase hit its cap of {snl.MaxEpochs} epochs with {maskHistory[^1].Alive:N0} ReLUs alive (budget {budget:N0}); the cut keeps the highest masks, which have not separated yet. Raise --max-mask-epochs (and --epochs){(snl.PaceEpochs == 0 ? ", or use the pacing variant (--pace-epochs)" : ", or start from a larger --lambda")}"));

        var (keep, achieved) = BudgetSelector.Select(units, SiteMasks.EntriesPerSite(student, spec.Granularity), budget);
        long keptBelow = spec.Method == LinearizationMethod.Snl
            ? units.Where(u => keep[u.Site][u.Index] && u.Score <= snl.AliveThreshold).Sum(u => u.Cost)
            : 0;
        SiteMasks.ApplyBinary(student, spec.Granularity, keep);
        double cut = Evaluation.Accuracy(student, splits.Validation, cancellation: cancellation);
        log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"kept {achieved:N0} ReLUs (budget {budget:N0}); validation acc before finetuning {cut:P2}"));
        if (achieved != budget)
            log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"warning: {spec.Granularity.ToString().ToLowerInvariant()} masks cannot hit the budget exactly: kept {achieved:N0} ReLUs, {budget - achieved:N0} under the budget of {budget:N0}"));
        if (keptBelow > 0)
            log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"note: {keptBelow:N0} of the kept ReLUs had masks at or below the alive threshold {snl.AliveThreshold} at the cut (the mask phase overshot the budget)"));

        int finetuneEpochs = finetune.Epochs - maskEpochs;
        if (File.Exists(Path.Combine(finetuneState, "state.json"))) log?.Invoke($"resuming the finetuning from {finetuneState}");
        var finetuning = Finetuner.Run(student, teacher, splits, finetune with { Epochs = finetuneEpochs }, spec.Seed, progress,
            e => log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"finetune epoch {e.Epoch}/{finetuneEpochs}: validation acc {e.ValidationAccuracy:P2}")), cancellation,
            finetuneState, settings);

        var after = ReluCensus.Take(student);
        if (after.TotalRelus != achieved)
            throw new InvalidOperationException($"census counts {after.TotalRelus} ReLUs after linearization, selection kept {achieved}");
        double validation = Evaluation.Accuracy(student, splits.Validation, cancellation: cancellation);
        double testAccuracy = Evaluation.Accuracy(student, splits.Test, cancellation: cancellation);
        var record = new LinearizationRecord(
            LinearizationMethodNames.Id(spec.Method), spec.Granularity.ToString().ToLowerInvariant(), budget, achieved, Path.GetFullPath(spec.Checkpoint),
            source.Accuracy, new AccuracyRecord(validation, testAccuracy), hyperparameters, maskHistory, finetuning,
            clock.Elapsed.TotalSeconds, after.TotalNonlinear, maskEpochs, finetuneEpochs, keptBelow, capHit, cut);
        var written = Checkpoint.Save(spec.Output, student, source with
        {
            Census = after,
            Accuracy = record.After,
            Linearization = record,
            CreatedUtc = DateTime.UtcNow,
        });
        new EpochStateStore<SnlState>(snlState).Delete();
        new EpochStateStore<FinetuneState>(finetuneState).Delete();
        return written;
    }

    /// <summary>Every numeric setting that changes the result, as recorded in the manifest.</summary>
    private static Dictionary<string, double> Hyperparameters(LinearizationSpec spec, SnlOptions snl, FinetuneOptions finetune)
    {
        var values = new Dictionary<string, double>
        {
            ["seed"] = spec.Seed,
            ["weightTrainingEpochs"] = finetune.Epochs,
            ["finetuneLearningRate"] = finetune.LearningRate,
            ["finetuneMomentum"] = finetune.Momentum,
            ["finetuneWeightDecay"] = finetune.WeightDecay,
            ["batchSize"] = finetune.BatchSize,
            ["temperature"] = finetune.Temperature,
        };
        if (spec.TrainLimit is { } limit) values["trainLimit"] = limit;
        if (spec.Method == LinearizationMethod.Snl)
        {
            values["initialLambda"] = snl.InitialLambda;
            values["lambdaGrowth"] = snl.LambdaGrowth;
            values["lambdaGrowthFromEpoch"] = snl.GrowthFromEpoch;
            values["aliveThreshold"] = snl.AliveThreshold;
            values["maxMaskEpochs"] = snl.MaxEpochs;
            values["maskLearningRate"] = snl.LearningRate;
            values["maskBatchSize"] = snl.BatchSize;
            values["maskTemperature"] = snl.Temperature;
            values["paceEpochs"] = snl.PaceEpochs;
            values["paceBoost"] = snl.PaceBoost;
            values["costWeightedPenalty"] = snl.CostWeightedPenalty ? 1 : 0;
        }
        return values;
    }

    /// <summary>What a resumed run must share with the interrupted one: every hyperparameter, the budget, method, granularity and source weights.</summary>
    private static SortedDictionary<string, string> Settings(LinearizationSpec spec, long budget, CheckpointManifest source, Dictionary<string, double> hyperparameters)
    {
        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["method"] = LinearizationMethodNames.Id(spec.Method),
            ["granularity"] = spec.Granularity.ToString().ToLowerInvariant(),
            ["budget"] = budget.ToString(CultureInfo.InvariantCulture),
            ["sourceWeightsSha256"] = source.WeightsSha256,
        };
        foreach (var (key, value) in hyperparameters) settings[key] = value.ToString("R", CultureInfo.InvariantCulture);
        return settings;
    }
}

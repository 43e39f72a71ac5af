using PiToolkit.Linearize.Masks;
using PiToolkit.Models.Checkpoints;
using PiToolkit.Models.Data;
using PiToolkit.Models.Training;
using PiToolkit.Models.Zoo;
using static TorchSharp.torch;

namespace PiToolkit.Linearize.Snl;

/// <summary>
/// SNL's mask phase (Cho, Joshi, Garg, Reagen, Hegde, ICML 2022): every ReLU gets a real-valued
/// mask initialised to 1; weights and masks train on cross-entropy + distillation from the frozen
/// original + λ·Σ|m|, with λ moved between epochs by <see cref="LambdaSchedule"/>, until at most the
/// budget is alive or <see cref="SnlOptions.MaxEpochs"/> is reached. The learned mask values then
/// rank the ReLUs for <see cref="BudgetSelector"/>, which cuts to exactly the budget.
/// </summary>
public static class SnlMaskSearch
{
    /// <summary>
    /// Runs the mask phase on <paramref name="student"/> (which must have had its census taken) and
    /// returns every mask entry scored by its learned value. With <paramref name="stateFolder"/>
    /// the weights, masks, optimiser state, λ and history are committed after every epoch and a later
    /// call with the same folder and <paramref name="settings"/> continues where the last one stopped.
    /// </summary>
    /// <exception cref="ArgumentException">Bad options, or the state folder holds a run with other settings.</exception>
    /// <exception cref="CheckpointFormatException">The state folder is unreadable.</exception>
    public static (List<MaskUnit> Units, IReadOnlyList<MaskEpoch> History) Run(
        ZooModel student, nn.Module<Tensor, Tensor> teacher, DatasetSplits splits, MaskGranularity granularity, long budget,
        SnlOptions options, int seed, IProgress<TrainingProgress>? progress = null, Action<MaskEpoch>? onEpoch = null,
        CancellationToken cancellation = default, string? stateFolder = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        settings ??= new Dictionary<string, string>();
        SiteMasks.InstallTrainable(student, granularity);
        double lambda = options.InitialLambda;
        long fewest = long.MaxValue;
        long capacity = SiteMasks.Units(student, granularity).Sum(u => u.Cost);
        var history = new List<MaskEpoch>();
        var store = stateFolder is null ? null : new EpochStateStore<SnlState>(stateFolder);
        int done = 0;
        if (store?.TryLoad(student, settings) is var (epoch, saved))
        {
            (lambda, fewest, done) = (saved.Lambda, saved.Fewest, epoch);
            history.AddRange(saved.History);
            if (saved.Finished) return (SiteMasks.Units(student, granularity), history);
        }
        var trainer = new Trainer(new TrainingOptions(Epochs: options.MaxEpochs, BatchSize: options.BatchSize, Optimizer: OptimizerKind.Adam,
            LearningRate: options.LearningRate, Schedule: ScheduleKind.Constant, Seed: seed));
        // The closure reads λ at every step, so changing it between epochs takes effect at once.
        var objective = Distillation.Objective(teacher, options.Temperature, () => SiteMasks.L1(student, granularity, options.CostWeightedPenalty) * lambda);
        trainer.Train(student, splits, progress, summary =>
        {
            long alive = SiteMasks.Alive(student, granularity, options.AliveThreshold);
            bool finished = alive <= budget || summary.Epoch >= options.MaxEpochs;
            double used = lambda;
            string change = "stop";
            if (!finished)
            {
                LambdaStep step;
                (lambda, step) = LambdaSchedule.Next(options, lambda, summary.Epoch, alive, fewest, capacity, budget);
                change = step.ToString().ToLowerInvariant();
            }
            fewest = Math.Min(fewest, alive);
            var record = new MaskEpoch(summary.Epoch, used, alive, summary.ValidationAccuracy, change);
            history.Add(record);
            store?.Save(student, summary.Epoch, settings, new SnlState(lambda, fewest, finished, history.ToList()));
            onEpoch?.Invoke(record);
            return !finished;
        }, cancellation, objective, store?.Resume(done));
        return (SiteMasks.Units(student, granularity), history);
    }
}

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
/// original + λ·Σ|m|, with λ growing by a constant factor after every epoch (from
/// <see cref="SnlOptions.GrowthFromEpoch"/> on) that sets no new minimum of alive ReLUs, until at
/// most the budget is alive. The learned mask values then rank the ReLUs for
/// <see cref="BudgetSelector"/>, which cuts to exactly the budget.
/// </summary>
/// <remarks>
/// The reference's rule alone lets λ stay at its start as long as every epoch sets a new minimum,
/// however small: measured on LeNet-5/MNIST it took 30 epochs to go from 4,684 to 1,227 alive ReLUs.
/// To fit CPU budgets, λ is additionally multiplied by <see cref="SnlOptions.PaceBoost"/> after any
/// epoch whose alive count is above a geometric pace from all ReLUs to the budget over
/// <see cref="SnlOptions.PaceEpochs"/> epochs. Set PaceEpochs to 0 for the reference behaviour.
/// </remarks>
public static class SnlMaskSearch
{
    /// <summary>
    /// Runs the mask phase on <paramref name="student"/> (which must have had its census taken) and
    /// returns every mask entry scored by its learned value. With <paramref name="stateFolder"/>
    /// the weights, masks, optimiser state, λ and history are saved after every epoch and a later
    /// call with the same folder continues where the last one stopped.
    /// </summary>
    /// <exception cref="ArgumentException">The state folder holds a run with another budget, granularity or seed.</exception>
    public static (List<MaskUnit> Units, IReadOnlyList<MaskEpoch> History) Run(
        ZooModel student, nn.Module<Tensor, Tensor> teacher, DatasetSplits splits, MaskGranularity granularity, long budget,
        SnlOptions options, int seed, IProgress<TrainingProgress>? progress = null, Action<MaskEpoch>? onEpoch = null,
        CancellationToken cancellation = default, string? stateFolder = null)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(options);
        SiteMasks.InstallTrainable(student, granularity);
        double lambda = options.InitialLambda;
        long fewest = long.MaxValue;
        long capacity = SiteMasks.Units(student, granularity).Sum(u => u.Cost);
        var history = new List<MaskEpoch>();
        var store = stateFolder is null ? null : new SnlStateStore(stateFolder);
        if (store?.TryLoad(student) is { } saved)
        {
            if (saved.Budget != budget || saved.Granularity != granularity.ToString() || saved.Seed != seed)
                throw new ArgumentException($"{stateFolder} holds an SNL run with budget {saved.Budget}, {saved.Granularity} masks, seed {saved.Seed}; delete it or write elsewhere", nameof(stateFolder));
            (lambda, fewest) = (saved.Lambda, saved.Fewest);
            history.AddRange(saved.History);
            if (saved.Finished) return (SiteMasks.Units(student, granularity), history);
        }
        var trainer = new Trainer(new TrainingOptions(Epochs: options.MaxEpochs, BatchSize: options.BatchSize, Optimizer: OptimizerKind.Adam,
            LearningRate: options.LearningRate, Schedule: ScheduleKind.Constant, Seed: seed));
        // The closure reads λ at every step, so growing it between epochs takes effect at once.
        var objective = Distillation.Objective(teacher, options.Temperature, () => SiteMasks.L1(student) * lambda);
        trainer.Train(student, splits, progress, summary =>
        {
            long alive = SiteMasks.Alive(student, granularity, options.AliveThreshold);
            var epoch = new MaskEpoch(summary.Epoch, lambda, alive, summary.ValidationAccuracy);
            history.Add(epoch);
            onEpoch?.Invoke(epoch);
            bool finished = alive <= budget || summary.Epoch == options.MaxEpochs;
            if (!finished)
            {
                bool newMinimum = alive < fewest;
                fewest = Math.Min(fewest, alive);
                if (options.PaceEpochs > 0 && alive > Pace(capacity, budget, summary.Epoch, options.PaceEpochs)) lambda *= options.PaceBoost;
                else if (!newMinimum && summary.Epoch >= options.GrowthFromEpoch) lambda *= options.LambdaGrowth;
            }
            store?.Save(student, new SnlState(summary.Epoch, lambda, fewest, finished, budget, granularity.ToString(), seed, history.ToList()));
            return !finished;
        }, cancellation, objective, store is null ? null : new TrainingResume(store.OptimizerPath, history.Count + 1));
        return (SiteMasks.Units(student, granularity), history);
    }

    /// <summary>Alive ReLUs expected after <paramref name="epoch"/> on a geometric path from <paramref name="capacity"/> to <paramref name="budget"/>.</summary>
    public static double Pace(long capacity, long budget, int epoch, int paceEpochs) =>
        capacity * Math.Pow(Math.Max(budget, 1) / (double)capacity, Math.Min(1.0, epoch / (double)paceEpochs));
}

using System.Diagnostics;
using System.Globalization;
using PiToolkit.Models.Census;
using PiToolkit.Models.Checkpoints;
using PiToolkit.Models.Data;
using PiToolkit.Models.Training;
using PiToolkit.Models.Zoo;
using static TorchSharp.torch;

namespace PiToolkit.Linearize.Pruning;

/// <summary>
/// The workflow behind <c>pitk prune</c>: load a checkpoint, score and prune its weights or channels
/// on the chosen schedule with retraining on cross-entropy, keep the retraining epoch with the best
/// validation accuracy (the test set is measured once, at the end), shrink a channel-pruned model
/// to its real size, and save a checkpoint whose manifest records the method, target, per-layer
/// sparsity, costs and accuracy before and after, and every hyperparameter.
/// </summary>
/// <remarks>
/// Retraining uses the source's own training settings (optimiser, rate, batch, schedule), so a
/// method is not favoured by a better-tuned optimiser. Training budgets: one-shot, iterative,
/// gradual and Taylor/magnitude/random/slimming spend the finetuning epochs F (slimming adds its
/// penalty epochs); SNIP trains from scratch for E + F, E being the source's training epochs; IMP
/// spends E (weight rewinding's dense run) plus R·(E − k). The record states the epochs spent.
/// </remarks>
public static class PruningJob
{
    private const string OptimizerStateFile = "prune-optimizer.state";

    /// <summary>Runs the job and returns the written manifest. <paramref name="log"/> receives one line per phase and epoch.</summary>
    /// <exception cref="ArgumentException">Invalid settings, or a target the structure cannot reach.</exception>
    /// <exception cref="CheckpointFormatException">The source checkpoint is invalid, or linearized where the method retrains from scratch.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; no checkpoint is written.</exception>
    public static CheckpointManifest Run(PruningSpec spec, Action<string>? log = null, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        var run = new PruningRun(spec, log, progress, cancellation);
        try
        {
            return run.Execute();
        }
        finally
        {
            run.Dispose();
        }
    }

    /// <summary>The state of one pruning run: the model, its graph, masks and the epochs spent.</summary>
    private sealed class PruningRun(PruningSpec spec, Action<string>? log, IProgress<TrainingProgress>? progress, CancellationToken cancellation) : IDisposable
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<EpochSummary> _history = [];
        private ZooModel? _model;
        private ZooModel? _final;
        private DependencyGraph _graph = null!;
        private MaskedNetwork? _network;
        private DatasetSplits? _splits;
        private bool[][] _keep = [];
        private int _epochs;
        private TrainingOptions _training = new();

        public CheckpointManifest Execute()
        {
            var (model, source) = Checkpoint.Load(spec.Checkpoint);
            _model = model;
            Reproducibility.Configure(spec.Seed, spec.Threads);
            var (train, test) = DatasetCatalog.Load(source.Dataset.Name, spec.DataFolder);
            _splits = DatasetSplits.Create(source.Dataset.Name, train, test, source.Dataset.ValidationCount, source.Dataset.SplitSeed, spec.TrainLimit);
            _training = (source.Training ?? new TrainingOptions()) with { Seed = spec.Seed, Threads = spec.Threads };
            bool fromScratch = spec.Criterion == PruningCriterion.Snip || (spec.Schedule == PruningSchedule.Imp && !spec.LearningRateRewind);
            if (fromScratch && source.Linearization is not null)
                throw new CheckpointFormatException($"{spec.Checkpoint} is linearized, and {(spec.Criterion == PruningCriterion.Snip ? "SNIP" : "IMP with weight rewinding")} retrains from initialization: start from the trained model");
            Attach(_model);
            var before = _graph.Cost(spec.Structure, _keep);
            double dense = spec.Target.Kind == PruningTargetKind.Sparsity ? 0 : spec.Target.Measure(before);
            Log($"pruning {source.Model.Architecture} ({before.Parameters:N0} parameters, {before.Macs:N0} MACs, {before.Relus:N0} ReLUs) to {spec.Target}: " +
                $"{spec.Structure} {spec.Criterion} ({spec.Scope}), {spec.Schedule}");

            switch (spec.Schedule)
            {
                case PruningSchedule.OneShot when spec.Criterion == PruningCriterion.Snip:
                    Reinitialize(source.Model);
                    Prune(spec.Target);
                    Train(_training with { Epochs = _training.Epochs + spec.FinetuneEpochs }, firstSelectable: 1);
                    break;
                case PruningSchedule.OneShot:
                    Slim();
                    Prune(spec.Target);
                    Train(_training with { Epochs = spec.FinetuneEpochs }, firstSelectable: 1);
                    break;
                case PruningSchedule.Iterative:
                    Slim();
                    for (int r = 1; r <= spec.Rounds; r++)
                    {
                        Prune(spec.Target.Round(r, spec.Rounds, dense));
                        // Spare epochs go to the last rounds, so the final round always retrains when any round does.
                        int epochs = spec.FinetuneEpochs / spec.Rounds + (r > spec.Rounds - spec.FinetuneEpochs % spec.Rounds ? 1 : 0);
                        Train(_training with { Epochs = epochs }, firstSelectable: r == spec.Rounds ? 1 : int.MaxValue);
                    }
                    break;
                case PruningSchedule.Gradual:
                    Slim();
                    Gradual(dense);
                    break;
                default:
                    Imp(source.Model, dense);
                    break;
            }

            _network!.Masks.Apply();
            var predicted = _graph.Cost(spec.Structure, _keep);
            _final = spec.Structure == PruningStructure.Channel ? ModelShrinker.Shrink(_model!, _graph, _keep) : _model;
            var census = ReluCensus.Take(_final!);
            if (spec.Structure == PruningStructure.Channel && (census.Parameters != predicted.Parameters || census.Macs != predicted.Macs || census.TotalRelus != predicted.Relus))
                throw new InvalidOperationException($"the shrunk model's census ({census.Parameters} parameters, {census.Macs} MACs, {census.TotalRelus} ReLUs) differs from the pruning plan's ({predicted})");
            double validation = Evaluation.Accuracy(_final!, _splits.Validation, cancellation: cancellation);
            double testAccuracy = Evaluation.Accuracy(_final!, _splits.Test, cancellation: cancellation);
            var prunable = UnitSelector.Prunable(_graph, spec.Structure, spec.Criterion);
            long units = _keep.Where((_, u) => prunable[u]).Sum(k => (long)k.Length);
            long removed = _keep.Where((_, u) => prunable[u]).Sum(k => k.LongCount(x => !x));
            var record = new PruningRecord(
                Name(spec.Criterion), Name(spec.Structure), Name(spec.Schedule), Name(spec.Scope), Name(spec.Target.Kind), spec.Target.Value,
                units == 0 ? 0 : (double)removed / units, Layers(), before, predicted, Path.GetFullPath(spec.Checkpoint), source.Accuracy,
                new AccuracyRecord(validation, testAccuracy), _epochs, Hyperparameters(), _history.ToList(), _clock.Elapsed.TotalSeconds);
            DeleteIfPresent(Path.Combine(spec.Output, OptimizerStateFile));
            return Checkpoint.Save(spec.Output, _final!, source with
            {
                Model = _final!.Options,
                Census = census,
                Accuracy = record.After,
                Pruning = record,
                CreatedUtc = DateTime.UtcNow,
            });
        }

        private void Attach(ZooModel model)
        {
            _graph = DependencyGraph.Build(model);
            _keep = _graph.KeepAll(spec.Structure);
            _network?.Masks.Dispose();
            _network = new MaskedNetwork(model, new PruningMasks(_graph, spec.Structure, _keep));
        }

        /// <summary>A fresh initialization of the same architecture, from the run's seed (SNIP, IMP with weight rewinding).</summary>
        private void Reinitialize(ModelOptions options)
        {
            _model?.Dispose();
            Reproducibility.Configure(spec.Seed, spec.Threads);
            _model = ModelZoo.Build(options);
            Attach(_model);
            Log("re-initialized the weights from the seed");
        }

        private void Prune(PruningTarget target)
        {
            var batches = _splits!.Train.Batches(_training.BatchSize, spec.Seed).Take(spec.ScoreBatches);
            var scores = ImportanceScores.Compute(_graph, spec.Structure, spec.Criterion, spec.Norm, _network, batches, spec.Seed);
            _keep = UnitSelector.Select(_graph, spec.Structure, scores, _keep, target, spec.Scope, spec.Criterion);
            var old = _network!.Masks;
            _network.Masks = new PruningMasks(_graph, spec.Structure, _keep);
            old.Dispose();
            _network.Masks.Apply();
            var cost = _graph.Cost(spec.Structure, _keep);
            double accuracy = Evaluation.Accuracy(_network, _splits.Validation, cancellation: cancellation);
            Log($"pruned to {target}: {cost.Parameters:N0} parameters, {cost.Macs:N0} MACs, {cost.Relus:N0} ReLUs; validation acc {accuracy:P2} before retraining");
        }

        /// <summary>Network slimming's sparsity training: cross-entropy plus λ·Σ|γ| over the prunable groups' batch norms.</summary>
        private void Slim()
        {
            if (spec.Criterion != PruningCriterion.BnScale || spec.SlimmingEpochs == 0) return;
            // Fails here, before any epoch is spent, when no prunable layer has batch norm.
            ImportanceScores.Compute(_graph, spec.Structure, spec.Criterion, spec.Norm, null, null, spec.Seed);
            var prunable = UnitSelector.Prunable(_graph, spec.Structure, spec.Criterion);
            var scales = _graph.Groups.Where((_, g) => prunable[g]).SelectMany(g => g.Producers).Select(i => _graph.Layers[i].Norm!.weight!).ToList();
            double penalty = spec.SlimmingPenalty;
            Train(_training with { Epochs = spec.SlimmingEpochs }, int.MaxValue, loss: (images, logits, labels) =>
            {
                var l1 = scales.Select(s => s.abs().sum()).Aggregate((a, b) => a + b);
                return nn.functional.cross_entropy(logits, labels) + penalty * l1;
            });
        }

        /// <summary>Zhu and Gupta (2017): sparsity s_t = s·(1 − (1 − t/n)³) before epoch t = 1..n, n = F − 1, so the last epoch trains at the target.</summary>
        private void Gradual(double dense)
        {
            int n = Math.Max(1, spec.FinetuneEpochs - 1);
            double Progress(int t) => 1 - Math.Pow(1 - (double)t / n, 3);
            Prune(spec.Target.At(Progress(1), dense));
            if (spec.FinetuneEpochs == 0)
            {
                Prune(spec.Target);
                return;
            }
            Train(_training with { Epochs = spec.FinetuneEpochs }, firstSelectable: n, after: s =>
            {
                if (s.Epoch < n) Prune(spec.Target.At(Progress(s.Epoch + 1), dense));
            });
        }

        /// <summary>
        /// Iterative magnitude pruning: R rounds of pruning to 1 − (1 − s)^(r/R), each followed by
        /// retraining epochs k+1..E with the original schedule, from the weights of epoch k (weight
        /// rewinding, Frankle et al. 2020) or from the current weights (learning-rate rewinding, Renda et al. 2020).
        /// </summary>
        private void Imp(ModelOptions options, double dense)
        {
            int total = _training.Epochs, k = spec.RewindEpoch ?? 0;
            if (k >= total) throw new ArgumentException($"the rewind epoch must come before the last training epoch ({total}); got {k}", nameof(spec));
            Dictionary<string, Tensor>? rewind = null;
            try
            {
                if (!spec.LearningRateRewind)
                {
                    Reinitialize(options);
                    if (k == 0) rewind = Snapshot();
                    Train(_training, int.MaxValue, after: s =>
                    {
                        if (s.Epoch == k) rewind = Snapshot();
                    });
                }
                string state = Path.Combine(spec.Output, OptimizerStateFile);
                for (int r = 1; r <= spec.Rounds; r++)
                {
                    Prune(spec.Target.Round(r, spec.Rounds, dense));
                    if (rewind is not null)
                    {
                        _model!.load_state_dict(rewind);
                        _network!.Masks.Apply();
                    }
                    DeleteIfPresent(state);
                    Train(_training, r == spec.Rounds ? k + 1 : int.MaxValue, resume: new TrainingResume(state, k + 1));
                }
            }
            finally
            {
                if (rewind is not null) foreach (var t in rewind.Values) t.Dispose();
            }
        }

        private Dictionary<string, Tensor> Snapshot()
        {
            _network!.Masks.Apply();
            return _model!.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
        }

        /// <summary>Trains the masked network; restores the best validation epoch at or after <paramref name="firstSelectable"/>, if any.</summary>
        private void Train(TrainingOptions options, int firstSelectable, Action<EpochSummary>? after = null, LossFunction? loss = null, TrainingResume? resume = null)
        {
            if (options.Epochs == 0) return;
            double best = double.NegativeInfinity;
            Dictionary<string, Tensor>? bestState = null;
            try
            {
                var history = new Trainer(options).Train(_network!, _splits!, progress, summary =>
                {
                    _epochs++;
                    _history.Add(summary);
                    Log($"epoch {summary.Epoch}: lr {summary.LearningRate:G3}, validation acc {summary.ValidationAccuracy:P2}");
                    if (summary.Epoch >= firstSelectable && summary.ValidationAccuracy > best)
                    {
                        best = summary.ValidationAccuracy;
                        if (bestState is not null) foreach (var t in bestState.Values) t.Dispose();
                        bestState = Snapshot();
                    }
                    after?.Invoke(summary);
                    return true;
                }, cancellation, loss, resume);
                if (bestState is not null) _model!.load_state_dict(bestState);
                _network!.Masks.Apply();
            }
            finally
            {
                if (bestState is not null) foreach (var t in bestState.Values) t.Dispose();
            }
        }

        private List<LayerSparsity> Layers() => spec.Structure == PruningStructure.Unstructured
            ? _graph.Layers.Select((l, i) => new LayerSparsity(l.Name, _keep[i].Length, _keep[i].LongCount(k => k))).ToList()
            : _graph.Layers.Select(l => new LayerSparsity(l.Name, _keep[l.OutputGroup].Length, _keep[l.OutputGroup].LongCount(k => k))).ToList();

        private Dictionary<string, double> Hyperparameters() => new()
        {
            ["seed"] = spec.Seed,
            ["norm"] = spec.Norm,
            ["finetuneEpochs"] = spec.FinetuneEpochs,
            ["rounds"] = spec.Rounds,
            ["rewindEpoch"] = spec.RewindEpoch ?? 0,
            ["learningRateRewind"] = spec.LearningRateRewind ? 1 : 0,
            ["scoreBatches"] = spec.ScoreBatches,
            ["slimmingPenalty"] = spec.SlimmingPenalty,
            ["slimmingEpochs"] = spec.SlimmingEpochs,
            ["trainingEpochs"] = _training.Epochs,
            ["learningRate"] = _training.LearningRate,
            ["batchSize"] = _training.BatchSize,
            ["momentum"] = _training.Momentum,
            ["weightDecay"] = _training.WeightDecay,
            ["adam"] = _training.Optimizer == OptimizerKind.Adam ? 1 : 0,
            ["cosineSchedule"] = _training.Schedule == ScheduleKind.Cosine ? 1 : 0,
        };

        private void Log(string line) => log?.Invoke(line);

        // File.Delete throws when the folder is missing, which it is until the first save.
        private static void DeleteIfPresent(string path)
        {
            if (File.Exists(path)) File.Delete(path);
        }

        private static string Name(Enum value) => value is PruningCriterion.BnScale ? "bn-scale" : value.ToString().ToLowerInvariant();

        public void Dispose()
        {
            _network?.Masks.Dispose();
            _splits?.Dispose();
            if (!ReferenceEquals(_final, _model)) _final?.Dispose();
            _model?.Dispose();
        }
    }
}

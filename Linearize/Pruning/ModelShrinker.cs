using PiToolkit.Models.Census;
using PiToolkit.Models.Zoo;
using TorchSharp;
using static TorchSharp.torch;

namespace PiToolkit.Linearize.Pruning;

/// <summary>
/// Builds the physically smaller model that channel pruning describes: the zoo rebuilds the
/// architecture with per-layer channel counts (<see cref="ModelOptions.Channels"/>), and every
/// kept channel's weights, bias, batch-norm parameters and statistics, consumer columns and
/// ReLU-site mask entries are copied over. The result computes exactly what the source computes
/// with the pruned channels zeroed, and is what the census, ONNX and <c>.pim</c> export see.
/// </summary>
public static class ModelShrinker
{
    /// <summary>The shrunk copy of <paramref name="model"/> keeping the channels flagged in <paramref name="keep"/> (one array per group).</summary>
    /// <exception cref="ArgumentException">The flags do not match the groups, or prune a group that cannot be pruned, or remove every channel of a group.</exception>
    /// <exception cref="InvalidOperationException">The zoo architecture does not honour a per-layer channel count.</exception>
    public static ZooModel Shrink(ZooModel model, DependencyGraph graph, IReadOnlyList<bool[]> keep)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(keep);
        if (keep.Count != graph.Groups.Count || keep.Where((k, g) => k.Length != graph.Groups[g].Channels).Any())
            throw new ArgumentException("the kept flags do not match the model's channel groups", nameof(keep));
        var channels = new Dictionary<string, int>(model.Options.Channels ?? new Dictionary<string, int>());
        foreach (var group in graph.Groups)
        {
            int kept = keep[group.Index].Count(k => k);
            if (kept == group.Channels) continue;
            if (!group.Prunable) throw new ArgumentException($"channel group {group.Index} ({graph.Layers[group.Producers[0]].Name}) cannot be pruned", nameof(keep));
            if (kept == 0) throw new ArgumentException($"every channel of {graph.Layers[group.Producers[0]].Name} would be removed", nameof(keep));
            foreach (int p in group.Producers) channels[graph.Layers[p].Name] = kept;
        }

        // What each state entry is sliced by: (dimension, group, features per channel).
        var slices = new Dictionary<string, List<(int Dim, int Group, long Factor)>>();
        void Slice(string name, int dim, int group, long factor)
        {
            if (keep[group].All(k => k)) return;
            if (!slices.TryGetValue(name, out var list)) slices[name] = list = [];
            list.Add((dim, group, factor));
        }
        foreach (var l in graph.Layers)
        {
            Slice(l.Name + ".weight", 0, l.OutputGroup, 1);
            Slice(l.Name + ".bias", 0, l.OutputGroup, 1);
            if (l.InputGroup is int g) Slice(l.Name + ".weight", 1, g, l.InputFactor);
            if (l.NormName is { } n)
                foreach (var part in new[] { "weight", "bias", "running_mean", "running_var" }) Slice($"{n}.{part}", 0, l.OutputGroup, 1);
        }
        foreach (var s in graph.Sites)
            if (s.Group is int g && s.Site.Mask is { } mask && mask.shape[0] > 1) Slice(s.Name + ".mask", 0, g, 1);

        var shrunk = ModelZoo.Build(model.Options with { Channels = channels });
        try
        {
            // Masked sites need a mask parameter of the shrunk shape before the state can be copied.
            var shrunkSites = shrunk.ReluSites().ToDictionary(s => s.Name, s => s.Site);
            var source = model.state_dict();
            using var _ = no_grad();
            foreach (var s in graph.Sites.Where(s => s.Site.Mask is not null))
            {
                using var sliced = SliceTensor(s.Site.Mask!, slices.GetValueOrDefault(s.Name + ".mask"), keep);
                shrunkSites[s.Name].SetMask(sliced, trainable: s.Site.Mask!.requires_grad);
            }
            foreach (var (name, target) in shrunk.state_dict())
            {
                if (!source.TryGetValue(name, out var value))
                    throw new InvalidOperationException($"{model.Options.Architecture}: the shrunk model has {name}, the source has not");
                using var sliced = SliceTensor(value, slices.GetValueOrDefault(name), keep);
                if (!sliced.shape.SequenceEqual(target.shape))
                    throw new InvalidOperationException($"{model.Options.Architecture} did not honour the pruned channel counts: {name} is [{string.Join(',', target.shape)}], the kept channels need [{string.Join(',', sliced.shape)}]");
                target.copy_(sliced);
            }
            ReluCensus.Take(shrunk);
            shrunk.train(model.training);
            return shrunk;
        }
        catch
        {
            shrunk.Dispose();
            throw;
        }
    }

    private static Tensor SliceTensor(Tensor value, List<(int Dim, int Group, long Factor)>? slices, IReadOnlyList<bool[]> keep)
    {
        var result = value.detach().clone();
        if (slices is null) return result;
        foreach (var (dim, group, factor) in slices)
        {
            long[] indices = keep[group].Select((k, c) => (k, c)).Where(x => x.k)
                .SelectMany(x => Enumerable.Range(0, (int)factor).Select(f => x.c * factor + f)).ToArray();
            using var index = tensor(indices);
            var next = result.index_select(dim, index);
            result.Dispose();
            result = next;
        }
        return result;
    }
}

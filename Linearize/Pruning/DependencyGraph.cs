using PiToolkit.ModelFormat;
using PiToolkit.Models.Census;
using PiToolkit.Models.Export;
using PiToolkit.Models.Zoo;
using TorchSharp;
using static TorchSharp.torch;

namespace PiToolkit.Linearize.Pruning;

/// <summary>
/// Which layers share channels, found from the graph the model describes of itself
/// (<see cref="ZooModel.DescribeGraph"/>) rather than from its field names: each convolution or
/// linear layer starts a group; ReLUs and pooling pass a group through; a flatten passes it on with
/// H×W features per channel; a residual addition merges the groups of its two inputs. The group
/// that reaches the logits, and any group added to the network input, cannot be pruned.
/// </summary>
public sealed class DependencyGraph
{
    private DependencyGraph(IReadOnlyList<PrunableLayer> layers, IReadOnlyList<ChannelGroup> groups, IReadOnlyList<PrunableSite> sites)
    {
        Layers = layers;
        Groups = groups;
        Sites = sites;
    }

    /// <summary>Convolutions and linear layers in forward order.</summary>
    public IReadOnlyList<PrunableLayer> Layers { get; }

    /// <summary>Channel groups; every layer's output belongs to exactly one.</summary>
    public IReadOnlyList<ChannelGroup> Groups { get; }

    /// <summary>ReLU sites in forward order.</summary>
    public IReadOnlyList<PrunableSite> Sites { get; }

    /// <summary>Analyses <paramref name="model"/> (its census is taken so every site knows its shape).</summary>
    /// <exception cref="NotSupportedException">The model holds a layer its graph cannot express.</exception>
    public static DependencyGraph Build(ZooModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ReluCensus.Take(model);
        var builder = new GraphBuilder(model.Options.InputShape);
        int logits = model.DescribeGraph(builder, GraphBuilder.Input);
        var names = model.named_modules().ToDictionary(m => (object)m.module, m => m.name, ReferenceEqualityComparer.Instance);

        int values = builder.Nodes.Count + 1;
        var group = new int?[values];
        var factor = Enumerable.Repeat(1L, values).ToArray();
        var parent = new List<int>();
        var fixedRoots = new HashSet<int>();
        int Find(int g) => parent[g] == g ? g : parent[g] = Find(parent[g]);
        var layerAt = builder.Layers.ToDictionary(l => l.Output);
        var raw = new List<(GraphLayer Layer, int Out, int? In, long Factor)>();
        for (int i = 0; i < builder.Nodes.Count; i++)
        {
            var node = builder.Nodes[i];
            int v = i + 1, input = node.Inputs[0];
            switch (node.Op)
            {
                case GraphOp.Conv or GraphOp.Linear:
                    parent.Add(parent.Count);
                    group[v] = parent.Count - 1;
                    raw.Add((layerAt[v], parent.Count - 1, group[input], factor[input]));
                    break;
                case GraphOp.Flatten:
                    group[v] = group[input];
                    var shape = builder.Shape(input);
                    factor[v] = shape.Length == 3 ? shape[1] * shape[2] : factor[input];
                    break;
                case GraphOp.Add:
                    int? a = group[input], b = group[node.Inputs[1]];
                    if (a is null || b is null)
                    {
                        // Channels summed with the raw input cannot shrink: the input keeps all of them.
                        if ((a ?? b) is int only) fixedRoots.Add(Find(only));
                    }
                    else if (Find(a.Value) != Find(b.Value))
                    {
                        bool wasFixed = fixedRoots.Remove(Find(a.Value)) | fixedRoots.Remove(Find(b.Value));
                        parent[Find(a.Value)] = Find(b.Value);
                        if (wasFixed) fixedRoots.Add(Find(b.Value));
                    }
                    group[v] = group[node.Inputs[1]];
                    factor[v] = factor[input];
                    break;
                default: // ReLU, masked ReLU and pooling keep every channel where it is.
                    group[v] = group[input];
                    factor[v] = factor[input];
                    break;
            }
        }
        if (group[logits] is int output) fixedRoots.Add(Find(output));

        // Renumber union-find roots densely, in forward order.
        var index = new Dictionary<int, int>();
        int Dense(int g) => index.TryGetValue(Find(g), out int d) ? d : index[Find(g)] = index.Count;
        var layers = raw.Select(r =>
        {
            var shape = builder.Shape(r.Layer.Output);
            return new PrunableLayer(names[r.Layer.Layer], r.Layer.Layer, r.Layer.Norm is null ? null : names[r.Layer.Norm], r.Layer.Norm,
                Dense(r.Out), r.In is int i ? Dense(i) : null, r.Factor, shape.Length == 3 ? shape[1] * shape[2] : 1);
        }).ToList();
        var sites = builder.Sites.Select(s => new PrunableSite(names[s.Site], s.Site, group[s.Input] is int g ? Dense(g) : null,
            RelusPerChannel(s.Site, builder.Shape(s.Input)))).ToList();
        var groups = index.OrderBy(kv => kv.Value).Select(kv => new ChannelGroup(kv.Value,
            layers.First(l => l.OutputGroup == kv.Value).OutputChannels,
            !fixedRoots.Contains(kv.Key),
            layers.Select((l, i) => (l, i)).Where(x => x.l.OutputGroup == kv.Value).Select(x => x.i).ToList(),
            layers.Select((l, i) => (l, i)).Where(x => x.l.InputGroup == kv.Value).Select(x => x.i).ToList(),
            sites.Select((s, i) => (s, i)).Where(x => x.s.Group == kv.Value).Select(x => x.i).ToList())).ToList();
        return new DependencyGraph(layers, groups, sites);
    }

    private static long[] RelusPerChannel(ReluSite site, long[] shape)
    {
        long channels = shape[0], positions = shape.Skip(1).Aggregate(1L, (a, b) => a * b);
        if (site.Mask is null) return Enumerable.Repeat(positions, (int)channels).ToArray();
        using var _ = no_grad();
        using var alive = site.Mask.ne(0).expand(shape).reshape(channels, -1).to(ScalarType.Int64).sum(1);
        return alive.data<long>().ToArray();
    }

    /// <summary>
    /// The cost of the network with the units in <paramref name="keep"/> kept: one flag per weight
    /// of each layer (unstructured) or per channel of each group (channel).
    /// </summary>
    /// <exception cref="ArgumentException">The flags do not match the layers or groups.</exception>
    public ModelCost Cost(PruningStructure structure, IReadOnlyList<bool[]> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        if (structure == PruningStructure.Unstructured)
        {
            if (keep.Count != Layers.Count) throw new ArgumentException($"expected flags for {Layers.Count} layers, got {keep.Count}", nameof(keep));
            long p = 0, m = 0;
            for (int i = 0; i < Layers.Count; i++)
            {
                var l = Layers[i];
                long kept = keep[i].LongCount(k => k);
                p += kept + FixedPerChannel(l) * l.OutputChannels;
                m += kept * l.OutputPositions;
            }
            return new ModelCost(p, m, Sites.Sum(s => s.RelusPerChannel.Sum()));
        }
        if (keep.Count != Groups.Count) throw new ArgumentException($"expected flags for {Groups.Count} groups, got {keep.Count}", nameof(keep));
        long parameters = 0, macs = 0;
        foreach (var l in Layers)
        {
            long output = keep[l.OutputGroup].LongCount(k => k);
            long input = (l.InputGroup is int g ? keep[g].LongCount(k => k) : l.InputChannels) * l.InputFactor;
            parameters += output * (input * l.KernelArea + FixedPerChannel(l));
            macs += output * input * l.KernelArea * l.OutputPositions;
        }
        long relus = Sites.Sum(s => s.Group is int g ? s.RelusPerChannel.Where((_, c) => keep[g][c]).Sum() : s.RelusPerChannel.Sum());
        return new ModelCost(parameters, macs, relus);
    }

    /// <summary>Flags keeping every unit: one per weight of each layer, or one per channel of each group.</summary>
    public bool[][] KeepAll(PruningStructure structure) => structure == PruningStructure.Unstructured
        ? Layers.Select(l => Enumerable.Repeat(true, (int)l.Weight.numel()).ToArray()).ToArray()
        : Groups.Select(g => Enumerable.Repeat(true, (int)g.Channels).ToArray()).ToArray();

    // Bias and batch-norm scale and shift: one each per output channel, never pruned on their own.
    private static long FixedPerChannel(PrunableLayer l) => (l.Bias is null ? 0 : 1) + (l.Norm is null ? 0 : 2);
}

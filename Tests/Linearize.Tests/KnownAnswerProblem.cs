using PiToolkit.Models.Census;
using PiToolkit.Models.Data;
using PiToolkit.Models.Zoo;
using static TorchSharp.torch;

namespace PiToolkit.Linearize.Tests;

/// <summary>
/// A task whose answer is known by construction: the label is 1 when the first pixel p is far from
/// mid-grey (|p − 127.5| &gt; 64), which needs |h| with h = (p − 127.5)/64 — a nonlinearity. A
/// hand-built LeNet-300-100 (width 0.2: sites of 60 and 20 ReLUs) solves it exactly:
/// <list type="bullet">
/// <item>site 0 (classifier.relu1): units 3 and 5 carry h + 3 and −h + 3 (h is within ±2), every
///   other unit 1 — always positive, so every ReLU there is the identity and linearizing it changes nothing;</item>
/// <item>site 1 (classifier.relu2): units 7 and 13 compute relu(h) and relu(−h), whose sum is |h|;
///   the other 18 units carry a constant 1 (again the identity);</item>
/// <item>logit 1 = 10·(relu(h) + relu(−h) − 1), logit 0 = 0.</item>
/// </list>
/// So exactly two ReLUs matter — site 1, units 7 and 13 — and they are not the first entries in
/// (site, index) order, which a tie-break would favour. Linearizing them makes the logit constant
/// and accuracy falls to the share of class 0 (one half).
/// </summary>
public sealed class KnownAnswerProblem : IDisposable
{
    /// <summary>The two ReLUs that matter, as (site, index).</summary>
    public static readonly (int Site, int Index)[] Needed = [(1, 7), (1, 13)];

    public KnownAnswerProblem(int seed = 1)
    {
        var train = Images(2000, seed);
        var normalization = Normalization.Measure(train);
        Splits = new DatasetSplits("known-answer", new TensorDataset(train, normalization), new TensorDataset(Images(500, seed + 100), normalization),
            new TensorDataset(Images(500, seed + 200), normalization), normalization);
        Teacher = Build(normalization);
        Student = Build(normalization);
    }

    public DatasetSplits Splits { get; }
    public ZooModel Teacher { get; }
    public ZooModel Student { get; }

    private static ImageSet Images(int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[count * 16];
        random.NextBytes(pixels);
        var labels = new int[count];
        for (int n = 0; n < count; n++) labels[n] = Math.Abs(pixels[n * 16] - 127.5) > 64 ? 1 : 0;
        return new ImageSet(pixels, labels, 1, 4, 4, 2);
    }

    private static ZooModel Build(Normalization normalization)
    {
        var model = ModelZoo.Build(new ModelOptions("mlp", Classes: 2, InputChannels: 1, InputHeight: 4, InputWidth: 4, Width: 0.2));
        ReluCensus.Take(model);
        // The model sees z = (p/255 − mean)/std; h = (p − 127.5)/64 = a·z + b.
        double a = 255 * normalization.Std[0] / 64, b = (255 * normalization.Mean[0] - 127.5) / 64;
        var w1 = new float[60 * 16];
        var b1 = Enumerable.Repeat(1f, 60).ToArray();
        w1[3 * 16] = (float)a;
        b1[3] = (float)(b + 3);
        w1[5 * 16] = (float)-a;
        b1[5] = (float)(-b + 3);
        var w2 = new float[20 * 60];
        var b2 = Enumerable.Repeat(1f, 20).ToArray();
        w2[7 * 60 + 3] = 1;
        b2[7] = -3;
        w2[13 * 60 + 5] = 1;
        b2[13] = -3;
        var w3 = new float[2 * 20];
        w3[20 + 7] = 10;
        w3[20 + 13] = 10;
        var b3 = new float[] { 0, -10 };
        var values = new Dictionary<string, (float[] Data, long[] Shape)>
        {
            ["classifier.fc1.weight"] = (w1, [60, 16]), ["classifier.fc1.bias"] = (b1, [60]),
            ["classifier.fc2.weight"] = (w2, [20, 60]), ["classifier.fc2.bias"] = (b2, [20]),
            ["classifier.fc3.weight"] = (w3, [2, 20]), ["classifier.fc3.bias"] = (b3, [2]),
        };
        using (no_grad())
            foreach (var (name, parameter) in model.named_parameters())
            {
                using var value = tensor(values[name].Data, values[name].Shape);
                parameter.copy_(value);
            }
        return model;
    }

    public void Dispose()
    {
        Splits.Dispose();
        Teacher.Dispose();
        Student.Dispose();
    }
}

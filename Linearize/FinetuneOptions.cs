namespace PiToolkit.Linearize;

/// <summary>Weight training shared by SNL and the baselines so they compare fairly.</summary>
/// <param name="Epochs">
/// Weight-training epochs every method gets in total. The baselines finetune all of them; SNL's
/// mask phase trains the weights too, so SNL finetunes only what its mask phase left (Epochs − mask epochs).
/// </param>
/// <param name="LearningRate">Initial SGD learning rate (cosine schedule).</param>
/// <param name="Momentum">SGD momentum.</param>
/// <param name="WeightDecay">L2 weight decay.</param>
/// <param name="BatchSize">Images per step.</param>
/// <param name="Temperature">Distillation temperature T.</param>
public sealed record FinetuneOptions(
    int Epochs = 20,
    double LearningRate = 1e-3,
    double Momentum = 0.9,
    double WeightDecay = 5e-4,
    int BatchSize = 128,
    double Temperature = 4);

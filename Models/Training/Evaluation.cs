using PiToolkit.Models.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace PiToolkit.Models.Training;

/// <summary>Top-1 accuracy of a classifier on a dataset split.</summary>
public static class Evaluation
{
    /// <summary>Fraction (0..1) of <paramref name="data"/> whose arg-max logit is the label, in evaluation mode without gradients.</summary>
    public static double Accuracy(nn.Module<Tensor, Tensor> model, TensorDataset data, int batchSize = 500, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            long correct = 0;
            foreach (var (images, labels) in data.Batches(batchSize))
            {
                cancellation.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                correct += model.forward(images).argmax(1).eq(labels).sum().item<long>();
            }
            return data.Count == 0 ? 0 : (double)correct / data.Count;
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}

using PiToolkit.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PiToolkit.Linearize;

/// <summary>
/// Cross-entropy plus knowledge distillation from a frozen teacher (Hinton et al. 2015): KL between
/// the softened distributions at temperature T, scaled by T² so its gradients keep the scale of
/// the cross-entropy term as T changes. SNL trains masks and finetunes with this objective.
/// </summary>
public static class Distillation
{
    /// <summary>The objective CE(student) + T²·KL(teacher_T ‖ student_T), plus <paramref name="extra"/> if given.</summary>
    public static LossFunction Objective(nn.Module<Tensor, Tensor> teacher, double temperature, Func<Tensor>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        return (images, logits, labels) =>
        {
            Tensor teacherLogits;
            using (no_grad()) teacherLogits = teacher.call(images);
            var ce = nn.functional.cross_entropy(logits, labels);
            // Teacher probabilities are passed as log-probabilities: with plain probabilities an
            // underflowed 0 turns 0·log 0 into NaN.
            var kd = nn.functional.kl_div(
                nn.functional.log_softmax(logits / temperature, 1),
                nn.functional.log_softmax(teacherLogits / temperature, 1),
                log_target: true, reduction: nn.Reduction.Sum) / logits.shape[0] * (temperature * temperature);
            var loss = ce + kd;
            return extra is null ? loss : loss + extra();
        };
    }
}

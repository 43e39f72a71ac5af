using TorchSharp;
using static TorchSharp.torch;

namespace PiToolkit.Linearize.Tests;

public sealed class DistillationTests
{
    [Fact]
    public void The_objective_is_cross_entropy_plus_T_squared_times_the_KL_to_the_teacher_averaged_over_the_batch()
    {
        // The teacher is the identity, so the "images" are the teacher's logits.
        using var teacher = nn.Identity();
        const double T = 2;
        // Sample 1: teacher logits [2 ln 3, 0] → softened p = softmax([ln 3, 0]) = [3/4, 1/4];
        //           student [0, 0] → q = [1/2, 1/2]; label 0.
        //           KL(p‖q) = 3/4·ln(3/2) + 1/4·ln(1/2) = 0.1308…; CE = ln 2.
        // Sample 2: teacher = student = [1, 1] → KL 0; label 1, CE = ln 2.
        using var images = tensor(new float[] { (float)(2 * Math.Log(3)), 0, 1, 1 }, [2, 2]);
        using var logits = tensor(new float[] { 0, 0, 1, 1 }, [2, 2]);
        using var labels = tensor(new long[] { 0, 1 }, [2]);
        double kl = 0.75 * Math.Log(1.5) + 0.25 * Math.Log(0.5);
        double expected = (Math.Log(2) + T * T * kl + Math.Log(2) + 0) / 2;

        using var loss = Distillation.Objective(teacher, T)(images, logits, labels);
        Assert.Equal(expected, loss.item<float>(), 5);

        using var withExtra = Distillation.Objective(teacher, T, () => tensor(0.25f))(images, logits, labels);
        Assert.Equal(expected + 0.25, withExtra.item<float>(), 5);
    }

    [Fact]
    public void A_student_equal_to_its_teacher_pays_only_the_cross_entropy()
    {
        using var teacher = nn.Identity();
        // Logits [ln 3, 0]: p(label 0) = 3/4, so the loss is −ln(3/4) at any temperature.
        using var logits = tensor(new float[] { (float)Math.Log(3), 0 }, [1, 2]);
        using var labels = tensor(new long[] { 0 }, [1]);
        using var loss = Distillation.Objective(teacher, 4)(logits, logits, labels);
        Assert.Equal(-Math.Log(0.75), loss.item<float>(), 5);
    }

    [Fact]
    public void The_temperature_must_be_positive()
    {
        using var teacher = nn.Identity();
        Assert.Throws<ArgumentOutOfRangeException>(() => Distillation.Objective(teacher, 0));
    }
}

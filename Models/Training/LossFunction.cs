using static TorchSharp.torch;

namespace PiToolkit.Models.Training;

/// <summary>A training objective: the scalar loss of one batch from its inputs, the model's logits and the labels.</summary>
public delegate Tensor LossFunction(Tensor images, Tensor logits, Tensor labels);

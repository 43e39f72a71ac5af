using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PiToolkit.Models.Zoo;

/// <summary>
/// One ReLU at a named place in a network. Every nonlinearity in the zoo is its own instance, so
/// the census and the linearizer can find each site by its module path, learn its activation shape
/// and count, and change it without rebuilding the model.
/// </summary>
/// <remarks>
/// A site may carry a mask m (SNL, Cho et al. 2022) that broadcasts over one sample's activation:
/// per pixel (C×H×W) or per channel (C×1×1). The site then computes y = x + m ⊙ (relu(x) − x),
/// which is relu(x) where m = 1 and the identity where m = 0; during SNL m is a trainable real
/// number. The mask is registered as the parameter <c>mask</c>, so it is saved with the weights.
/// </remarks>
public sealed class ReluSite : nn.Module<Tensor, Tensor>
{
    private Parameter? mask;

    /// <summary>Creates a site; the module path (e.g. <c>layer1.0.relu2</c>) comes from where it is registered.</summary>
    public ReluSite() : base(nameof(ReluSite)) { }

    /// <summary>The per-sample activation shape seen by the last forward pass (e.g. [6, 24, 24]), or null before one.</summary>
    public long[]? ObservedShape { get; private set; }

    /// <summary>The site's mask, or null for a plain ReLU.</summary>
    public Parameter? Mask => mask;

    /// <summary>ReLUs the site holds without a mask, after a forward pass has been observed.</summary>
    public long Capacity => ObservedShape?.Aggregate(1L, (a, b) => a * b)
        ?? throw new InvalidOperationException("no forward pass observed yet: run the census first");

    /// <summary>ReLUs that stay nonlinear: all of them without a mask, else the activations whose mask entry is not zero.</summary>
    public long Count
    {
        get
        {
            if (mask is null) return Capacity;
            using var _ = no_grad();
            using var alive = mask.ne(0).to(ScalarType.Int64);
            using var expanded = alive.expand(ObservedShape!);
            return expanded.sum().item<long>();
        }
    }

    /// <summary>Installs <paramref name="value"/> as the mask (copied), trainable or frozen. A second call overwrites the values in place, so optimisers and state dicts keep seeing the same parameter.</summary>
    /// <exception cref="ArgumentException">The mask does not broadcast to the observed activation shape, or differs in shape from the installed one.</exception>
    public void SetMask(Tensor value, bool trainable)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (ObservedShape is { } shape && (value.dim() != shape.Length || value.shape.Where((d, i) => d != 1 && d != shape[i]).Any()))
            throw new ArgumentException($"mask of shape [{string.Join(',', value.shape)}] does not broadcast to the site's [{string.Join(',', shape)}]", nameof(value));
        using var _ = no_grad();
        if (mask is not null)
        {
            // libtorch cannot unregister a parameter, and replacing it would strand optimiser state.
            if (!mask.shape.SequenceEqual(value.shape))
                throw new ArgumentException($"mask of shape [{string.Join(',', value.shape)}] cannot replace the installed [{string.Join(',', mask.shape)}]", nameof(value));
            mask.copy_(value);
            mask.requires_grad = trainable;
            return;
        }
        mask = new Parameter(value.detach().clone().to(ScalarType.Float32), requires_grad: trainable);
        register_parameter("mask", mask);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ObservedShape = input.shape[1..];
        if (mask is null) return nn.functional.relu(input);
        using var scope = NewDisposeScope();
        var y = input + mask * (nn.functional.relu(input) - input);
        return y.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) mask?.Dispose();
        base.Dispose(disposing);
    }
}

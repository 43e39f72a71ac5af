using PiToolkit.Bench.Sweeps.Points;

namespace PiToolkit.Bench.Sweeps.Running;

/// <summary>
/// Routes each point to the <see cref="IVariantBuilder"/> registered for its method, so that
/// linearization (<c>snl</c>, <c>random</c>, <c>layerwise</c>), pruning (<c>prune-…</c>) and their
/// composition (<c>prune+snl</c>) can each be one builder. Disposes the builders it was given.
/// </summary>
public sealed class MethodVariantBuilder : IVariantBuilder, IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, IVariantBuilder> _builders;

    /// <summary>Routes method names (keys, compared exactly) to builders; one builder may serve several names.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="builders"/> is null.</exception>
    public MethodVariantBuilder(IReadOnlyDictionary<string, IVariantBuilder> builders)
    {
        ArgumentNullException.ThrowIfNull(builders);
        _builders = builders;
    }

    /// <summary>Method names this instance can build.</summary>
    public IEnumerable<string> Methods => _builders.Keys;

    /// <inheritdoc/>
    /// <exception cref="NotSupportedException">No builder is registered for the point's method.</exception>
    public ValueTask<ModelVariant> BuildAsync(PointContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Not a PointFailedException: a method nobody implements is a wiring mistake, and recording it
        // as a result for every seed and budget would hide it in a table.
        return _builders.TryGetValue(context.Key.Method, out var builder)
            ? builder.BuildAsync(context, cancellationToken)
            : throw new NotSupportedException($"no model builder is registered for method '{context.Key.Method}' (registered: {string.Join(", ", _builders.Keys)})");
    }

    /// <summary>Disposes each distinct builder once.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var builder in _builders.Values.Distinct())
        {
            if (builder is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            else if (builder is IDisposable disposable) disposable.Dispose();
        }
    }
}

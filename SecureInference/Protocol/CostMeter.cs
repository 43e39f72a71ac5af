using System.Collections.Immutable;
using System.Diagnostics;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>Measures time and channel bytes around each step on one side.</summary>
internal sealed class CostMeter(IChannel channel, ProtocolPhase phase)
{
    private readonly ImmutableArray<StepCost>.Builder _costs = ImmutableArray.CreateBuilder<StepCost>();
    private readonly Stopwatch _clock = new();
    private long _sent, _received;

    public void Start()
    {
        _sent = channel.BytesSent;
        _received = channel.BytesReceived;
        _clock.Restart();
    }

    public void Stop(int step, string name, string kind, long multiplyPlain = 0, long rotations = 0, long andGates = 0, long ots = 0,
        string? encoding = null) =>
        _costs.Add(new StepCost(step, name, kind, phase, _clock.Elapsed.TotalMilliseconds, channel.BytesSent - _sent,
            channel.BytesReceived - _received, multiplyPlain, rotations, andGates, ots) { Encoding = encoding });

    public ImmutableArray<StepCost> Costs => _costs.ToImmutable();
}

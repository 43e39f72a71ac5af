using PiToolkit.ModelFormat;
using PiToolkit.SecureInference.Inputs;
using PiToolkit.SecureInference.Protocol;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Serving;

/// <summary>
/// What a server tells a client about its model before the protocol starts: the graph with every
/// weight and bias replaced by zero. Architecture, shapes, kept-ReLU masks and input normalisation
/// are public in Delphi's model (the client needs them to run its half and to prepare its input);
/// weights are the server's secret and never leave it. The client compiles the description to the
/// same <see cref="InferencePlan"/> the server holds, and the protocol's handshake then compares the
/// plans' fingerprints, so a description that does not match the served model cannot go unnoticed.
/// </summary>
public sealed class PublicModel
{
    /// <summary>The largest description a client accepts (a zero-weight .pim of a ResNet-18 is about 45 MB).</summary>
    public const int MaxBytes = 128 << 20;

    private PublicModel(ModelGraph graph, InferencePlan plan, byte[] bytes)
    {
        Graph = graph;
        Plan = plan;
        Bytes = bytes;
        Input = InputSpec.Create(graph.InputShape, graph.Mean, graph.Std);
    }

    /// <summary>The public graph (all weights zero).</summary>
    public ModelGraph Graph { get; }

    /// <summary>The protocol plan compiled from it.</summary>
    public InferencePlan Plan { get; }

    /// <summary>How the client turns a picture into the model's input.</summary>
    public InputSpec Input { get; }

    /// <summary>The description as sent: a validated .pim file without weights.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The public part of <paramref name="graph"/>; <paramref name="plan"/> is what the server compiled from it.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The graph's input is not a C×H×W image.</exception>
    public static PublicModel FromServerModel(ModelGraph graph, InferencePlan plan)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(plan);
        var stripped = graph with
        {
            Nodes = [.. graph.Nodes.Select(n => n with
            {
                Weight = n.Weight is null ? null : new float[n.Weight.Length],
                Bias = n.Bias is null ? null : new float[n.Bias.Length],
            })],
        };
        return new PublicModel(stripped, plan, PimFile.Serialize(stripped));
    }

    /// <summary>Sends the description (one frame).</summary>
    /// <exception cref="IOException">The connection failed.</exception>
    public void Send(IChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        channel.SendFrame(Bytes.Span);
        channel.Flush();
    }

    /// <summary>Receives, validates and compiles the server's description.</summary>
    /// <exception cref="ProtocolException">The frame is too large, is not a valid .pim graph, or does not compile (the message says which).</exception>
    /// <exception cref="IOException">The connection failed.</exception>
    public static PublicModel Receive(IChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        byte[] bytes = channel.ReceiveFrame(MaxBytes);
        try
        {
            var graph = PimFile.Parse(bytes, "the server's model description");
            var plan = PlanCompiler.Compile(graph).Plan;
            return new PublicModel(graph, plan, bytes);
        }
        catch (Exception e) when (e is ModelFormatException or ModelCompilationException or ArgumentException)
        {
            throw new ProtocolException($"The server's model description is unusable: {e.Message}", e);
        }
    }
}

using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Tests.Transport;

/// <summary>Every duplex channel implementation through the same contract.</summary>
public class ChannelContractTests
{
    public static TheoryData<string> Kinds => ["memory", "tcp"];

    internal static async Task<(IChannel A, IChannel B)> Connect(string kind)
    {
        // A small in-memory capacity makes the senders below block and resume, as TCP's would.
        var pair = await LoopbackPair.ConnectAsync(kind == "memory" ? LoopbackTransport.Memory : LoopbackTransport.Tcp, memoryCapacityBytes: 1 << 16);
        return (pair.First, pair.Second);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Bytes_arrive_in_order_and_are_counted_both_ways(string kind)
    {
        var (a, b) = await Connect(kind);
        using (a)
        using (b)
        {
            var payload = new byte[300_000];
            new Random(1).NextBytes(payload);
            var sender = Task.Run(() =>
            {
                a.SendFrame(payload);
                a.Send([1, 2, 3]);
                a.Flush();
            });
            var received = b.ReceiveFrame();
            var tail = new byte[3];
            b.Receive(tail);
            await sender;
            Assert.Equal(payload, received);
            Assert.Equal([1, 2, 3], tail);
            Assert.Equal(payload.Length + 4 + 3, a.BytesSent);
            Assert.Equal(a.BytesSent, b.BytesReceived);
            Assert.Equal(0, b.BytesSent);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_frame_cut_short_by_the_peer_closing_is_a_protocol_error(string kind)
    {
        var (a, b) = await Connect(kind);
        using (b)
        {
            a.Send(BitConverter.GetBytes(100));
            a.Send(new byte[10]);
            a.Dispose();
            Assert.Throws<ProtocolException>(() => b.ReceiveFrame());
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task An_oversized_or_negative_frame_length_is_a_protocol_error(string kind)
    {
        var (a, b) = await Connect(kind);
        using (a)
        using (b)
        {
            a.Send(BitConverter.GetBytes(1 << 20));
            a.Send(BitConverter.GetBytes(-5));
            a.Flush();
            Assert.Throws<ProtocolException>(() => b.ReceiveFrame(maxLength: 1024));
            Assert.Throws<ProtocolException>(() => b.ReceiveFrame());
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_frame_of_the_wrong_exact_length_is_a_protocol_error(string kind)
    {
        var (a, b) = await Connect(kind);
        using (a)
        using (b)
        {
            a.SendFrame(new byte[15]);
            a.Flush();
            Assert.Throws<ProtocolException>(() => b.ReceiveFrame(new byte[16].AsSpan()));
        }
    }

    [Fact]
    public void The_null_channel_counts_what_it_swallows_and_never_receives()
    {
        using var channel = new NullChannel();
        channel.SendFrame(new byte[100]);
        Assert.Equal(104, channel.BytesSent);
        Assert.Throws<ProtocolException>(() => channel.Receive(new byte[1]));
    }

    [Fact]
    public void Protocol_errors_are_IO_errors_so_callers_treat_them_as_bad_input()
    {
        Assert.IsAssignableFrom<IOException>(new ProtocolException("x"));
    }
}

using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Tests.Transport;

public sealed class LoopbackPairTests
{
    public static TheoryData<LoopbackTransport> Transports => [LoopbackTransport.Memory, LoopbackTransport.Tcp];

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Two_parties_exchange_messages_and_both_results_come_back(LoopbackTransport transport)
    {
        using var pair = await LoopbackPair.ConnectAsync(transport);
        var (sum, echoed) = await pair.RunAsync(
            server =>
            {
                var numbers = new long[3];
                server.ReceiveFrame<long>(numbers);
                server.SendFrame<long>([numbers.Sum()]);
                server.Flush();
                return numbers.Sum();
            },
            client =>
            {
                client.SendFrame<long>([1, 2, 39]);
                client.Flush();
                var answer = new long[1];
                client.ReceiveFrame<long>(answer);
                return answer[0];
            });
        Assert.Equal(42, sum);
        Assert.Equal(42, echoed);
        Assert.Equal(pair.First.BytesSent, pair.Second.BytesReceived);
        Assert.Equal(pair.Second.BytesSent, pair.First.BytesReceived);
        Assert.Equal(transport, pair.Transport);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task The_first_failure_is_reported_and_the_blocked_peer_is_released(LoopbackTransport transport)
    {
        using var pair = await LoopbackPair.ConnectAsync(transport);
        var peerFailed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = pair.RunAsync(
            _ => throw new InvalidOperationException("party one gave up"),
            channel =>
            {
                try
                {
                    channel.Receive(new byte[8]); // would block forever if the pair did not close the channels
                }
                catch (Exception e)
                {
                    peerFailed.SetResult(e);
                    throw;
                }
            });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => run).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("party one gave up", error.Message);
        Assert.IsNotType<InvalidOperationException>(await peerFailed.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Cancelling_stops_two_blocked_parties()
    {
        using var pair = await LoopbackPair.ConnectAsync(LoopbackTransport.Memory);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var run = pair.RunAsync(a => a.Receive(new byte[1]), b => b.Receive(new byte[1]), cancel.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run).WaitAsync(TimeSpan.FromSeconds(30));
    }
}

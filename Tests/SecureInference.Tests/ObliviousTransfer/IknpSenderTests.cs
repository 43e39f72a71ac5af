using PiToolkit.SecureInference.Garbling;
using PiToolkit.SecureInference.ObliviousTransfer;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Tests.ObliviousTransfer;

/// <summary>IKNP sender and receiver together (they only make sense as a pair).</summary>
public class IknpSenderTests
{
    private static async Task<(IknpSender Sender, IknpReceiver Receiver, IChannel A, IChannel B)> SetUp()
    {
        var (a, b) = InMemoryChannel.CreatePair();
        var sender = Task.Run(() => IknpSender.Setup(a));
        var receiver = IknpReceiver.Setup(b);
        return (await sender, receiver, a, b);
    }

    private static bool[] RandomChoices(int n, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[n];
        random.NextBytes(bytes);
        return [.. bytes.Select(x => (x & 1) == 1)];
    }

    [Fact]
    public async Task The_receiver_wipes_its_choice_bits_and_keys_after_a_run_and_on_dispose()
    {
        var (sender, receiver, a, b) = await SetUp();
        using (a) using (b) using (sender)
        {
            const int n = 5000;
            var send = Task.Run(() => sender.SendChosen(new Label[n], new Label[n]));
            receiver.ReceiveChosen(RandomChoices(n, 4), new Label[n]);
            await send;
            Assert.All(receiver.SecretBuffersForTests(), buffer => Assert.All(buffer, x => Assert.Equal(0, x)));
            receiver.Dispose();
            Assert.All(receiver.SecretBuffersForTests(), buffer => Assert.All(buffer, x => Assert.Equal(0, x)));
        }
    }

    [Fact]
    public async Task A_wrong_sized_answer_from_the_sender_is_a_ProtocolException_and_still_wipes()
    {
        var (sender, receiver, a, b) = await SetUp();
        using (a) using (b) using (sender) using (receiver)
        {
            const int n = 300;
            var peer = Task.Run(() =>
            {
                // Reads u like a sender would, then answers with one label too few.
                a.ReceiveFrame();
                a.SendFrame(new byte[16 * (2 * n - 1)]);
                a.Flush();
            });
            Assert.Throws<ProtocolException>(() => receiver.ReceiveChosen(RandomChoices(n, 5), new Label[n]));
            await peer;
            Assert.All(receiver.SecretBuffersForTests(), buffer => Assert.All(buffer, x => Assert.Equal(0, x)));
        }
    }

    [Fact]
    public async Task A_wrong_sized_extension_matrix_from_the_receiver_is_a_ProtocolException()
    {
        var (sender, receiver, a, b) = await SetUp();
        using (a) using (b) using (sender) using (receiver)
        {
            b.SendFrame(new byte[100]);
            b.Flush();
            Assert.Throws<ProtocolException>(() => sender.SendCorrelated(Label.RandomDelta(), new Label[300]));
            // A negative length is refused too.
            b.Send([0xFF, 0xFF, 0xFF, 0xFF]);
            b.Flush();
            Assert.Throws<ProtocolException>(() => sender.SendCorrelated(Label.RandomDelta(), new Label[300]));
        }
    }

    [Fact]
    public async Task A_million_chosen_message_OTs_deliver_exactly_the_chosen_messages()
    {
        const int n = 1 << 20;
        var (sender, receiver, a, b) = await SetUp();
        using (a) using (b) using (sender) using (receiver)
        {
            var m0 = new Label[n];
            var m1 = new Label[n];
            for (var j = 0; j < n; j++)
            {
                m0[j] = new Label((ulong)j * 0x9E3779B97F4A7C15, (ulong)j);
                m1[j] = new Label((ulong)j * 0xC2B2AE3D27D4EB4F + 1, ~(ulong)j);
            }
            var choices = RandomChoices(n, 1);
            var received = new Label[n];
            var send = Task.Run(() => sender.SendChosen(m0, m1));
            receiver.ReceiveChosen(choices, received);
            await send;
            var wrong = 0;
            for (var j = 0; j < n; j++)
            {
                Assert.NotEqual(m0[j], m1[j]);
                if (received[j] != (choices[j] ? m1[j] : m0[j])) wrong++;
            }
            Assert.Equal(0, wrong);
            Assert.Equal(sender.OtCount, receiver.OtCount);
        }
    }

    [Fact]
    public async Task Correlated_OTs_differ_by_delta_exactly_where_the_choice_is_one() =>
        await AssertCorrelated(70_001, seed: 2); // not a multiple of the chunk or of 128

    private static async Task AssertCorrelated(int n, int seed)
    {
        var (sender, receiver, a, b) = await SetUp();
        using (a) using (b) using (sender) using (receiver)
        {
            var delta = Label.RandomDelta();
            var zero = new Label[n];
            var choices = RandomChoices(n, seed);
            var received = new Label[n];
            var send = Task.Run(() => sender.SendCorrelated(delta, zero));
            receiver.ReceiveCorrelated(choices, received);
            await send;
            for (var j = 0; j < n; j++)
            {
                Assert.Equal(choices[j] ? zero[j] ^ delta : zero[j], received[j]);
            }
            Assert.Equal(n, zero.Distinct().Count());
        }
    }

    [Fact]
    public async Task Random_OTs_give_the_receiver_the_message_of_its_choice_in_consecutive_batches()
    {
        var (sender, receiver, a, b) = await SetUp();
        using (a) using (b) using (sender) using (receiver)
        {
            foreach (var n in new[] { 1000, 129, 5000 })
            {
                var r0 = new Label[n];
                var r1 = new Label[n];
                var choices = RandomChoices(n, n);
                var received = new Label[n];
                var send = Task.Run(() => sender.SendRandom(r0, r1));
                receiver.ReceiveRandom(choices, received);
                await send;
                for (var j = 0; j < n; j++)
                {
                    Assert.NotEqual(r0[j], r1[j]);
                    Assert.Equal(choices[j] ? r1[j] : r0[j], received[j]);
                }
            }
        }
    }

    [Fact]
    public async Task Correlated_OTs_agree_on_the_portable_AES_path()
    {
        using var portable = FixedKeyAes.ForcePortable();
        await AssertCorrelated(300, seed: 3);
    }
}

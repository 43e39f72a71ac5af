using PiToolkit.SecureInference.Garbling;
using PiToolkit.SecureInference.ObliviousTransfer;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Tests.ObliviousTransfer;

public class ChouOrlandiOtTests
{
    [Fact]
    public async Task The_receiver_gets_exactly_the_chosen_message_of_each_pair()
    {
        const int n = 64;
        var m0 = Enumerable.Range(0, n).Select(_ => Label.Random()).ToArray();
        var m1 = Enumerable.Range(0, n).Select(_ => Label.Random()).ToArray();
        var random = new Random(17);
        var choices = Enumerable.Range(0, n).Select(_ => random.Next(2) == 1).ToArray();
        var received = new Label[n];
        using var pair = await LoopbackPair.ConnectAsync(LoopbackTransport.Memory);
        await pair.RunAsync(sender => ChouOrlandiOt.Send(sender, m0, m1), receiver => ChouOrlandiOt.Receive(receiver, choices, received));
        for (var i = 0; i < n; i++)
        {
            Assert.NotEqual(m0[i], m1[i]);
            Assert.Equal(choices[i] ? m1[i] : m0[i], received[i]);
        }
    }

    [Fact]
    public async Task Random_OT_keys_match_the_choice_and_the_pair_differs()
    {
        const int n = 32;
        var random = new Random(4);
        var choices = Enumerable.Range(0, n).Select(_ => random.Next(2) == 1).ToArray();
        var k0 = new Label[n];
        var k1 = new Label[n];
        var keys = new Label[n];
        using var pair = await LoopbackPair.ConnectAsync(LoopbackTransport.Memory);
        await pair.RunAsync(sender => ChouOrlandiOt.SendRandom(sender, k0, k1), receiver => ChouOrlandiOt.ReceiveRandom(receiver, choices, keys));
        for (var i = 0; i < n; i++)
        {
            Assert.NotEqual(k0[i], k1[i]);
            Assert.Equal(choices[i] ? k1[i] : k0[i], keys[i]);
        }
    }

    [Theory]
    [InlineData(2, 0xff)] // x ≥ the field prime
    [InlineData(7, 0x01)] // no such encoding
    public void A_point_that_is_not_on_the_curve_is_a_protocol_error(byte prefix, byte fill)
    {
        var (a, b) = InMemoryChannel.CreatePair();
        using (a)
        using (b)
        {
            var bogus = new byte[33];
            Array.Fill(bogus, fill);
            bogus[0] = prefix;
            a.SendFrame(bogus);
            a.Flush();
            Assert.Throws<ProtocolException>(() => ChouOrlandiOt.ReceiveRandom(b, [true], new Label[1]));
        }
    }
}

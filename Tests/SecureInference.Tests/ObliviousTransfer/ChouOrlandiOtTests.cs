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
        var (a, b) = InMemoryChannel.CreatePair();
        using (a)
        using (b)
        {
            var sender = Task.Run(() => ChouOrlandiOt.Send(a, m0, m1));
            var received = new Label[n];
            ChouOrlandiOt.Receive(b, choices, received);
            await sender;
            for (var i = 0; i < n; i++)
            {
                Assert.NotEqual(m0[i], m1[i]);
                Assert.Equal(choices[i] ? m1[i] : m0[i], received[i]);
            }
        }
    }

    [Fact]
    public async Task Random_OT_keys_match_the_choice_and_the_pair_differs()
    {
        const int n = 32;
        var random = new Random(4);
        var choices = Enumerable.Range(0, n).Select(_ => random.Next(2) == 1).ToArray();
        var (a, b) = InMemoryChannel.CreatePair();
        using (a)
        using (b)
        {
            var k0 = new Label[n];
            var k1 = new Label[n];
            var sender = Task.Run(() => ChouOrlandiOt.SendRandom(a, k0, k1));
            var keys = new Label[n];
            ChouOrlandiOt.ReceiveRandom(b, choices, keys);
            await sender;
            for (var i = 0; i < n; i++)
            {
                Assert.NotEqual(k0[i], k1[i]);
                Assert.Equal(choices[i] ? k1[i] : k0[i], keys[i]);
            }
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

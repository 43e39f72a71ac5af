using System.Numerics;
using PiToolkit.SecureInference.Circuits;

namespace PiToolkit.SecureInference.Tests;

/// <summary>The public Bristol circuits of Tests/Data/circuits (copied beside the test assembly) and their known answers.</summary>
internal static class PublicCircuits
{
    private static readonly Dictionary<string, Circuit> Cache = [];

    public static Circuit Load(string name)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(name, out var circuit))
            {
                circuit = BristolFormat.ReadFile(Path.Combine(AppContext.BaseDirectory, "circuits", name));
                Cache[name] = circuit;
            }
            return circuit;
        }
    }

    /// <summary>File, inputs, expected outputs: the README's known answers (and zero_equal's definition).</summary>
    public static TheoryData<string, string[], string[]> KnownAnswers => new()
    {
        { "adder64.txt", ["75bcd15", "3ade68b1"], ["423a35c6"] },
        { "mult64.txt", ["75bcd15", "f4243"], ["70489c21167f"] },
        { "zero_equal.txt", ["0"], ["1"] },
        { "zero_equal.txt", ["8000000000000000"], ["0"] },
        { "aes_128.txt", ["000102030405060708090a0b0c0d0e0f", "00112233445566778899aabbccddeeff"], ["69c4e0d86a7b0430d8cdb78070b4c55a"] },
    };

    public static BigInteger[] Hex(IEnumerable<string> values) => [.. values.Select(Bits.ParseHex)];
}

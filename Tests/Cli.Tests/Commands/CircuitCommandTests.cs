using PiToolkit.Cli;

namespace PiToolkit.Cli.Tests.Commands;

/// <summary>Runs <c>pitk circuit run</c> in-process on the public circuits (the examples of docs/garbled-circuits.md).</summary>
[Collection("Console")]
public class CircuitCommandTests
{
    // The public Bristol circuits of Tests/Data/circuits, copied beside the test assembly by the csproj.
    private static string PublicCircuit(string name) => Path.Combine(AppContext.BaseDirectory, "circuits", name);

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var exit = RootCommandFactory.Create().Parse(args).Invoke();
            return (exit, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Aes128_in_the_clear_and_garbled_prints_the_FIPS_197_ciphertext(bool garbled)
    {
        string[] args = ["circuit", "run", PublicCircuit("aes_128.txt"), "--input", "000102030405060708090a0b0c0d0e0f", "--input", "00112233445566778899aabbccddeeff"];
        var (exit, output, error) = Run(garbled ? [.. args, "--garbled"] : args);
        Assert.True(exit == 0, error);
        Assert.Contains("output 0: 69c4e0d86a7b0430d8cdb78070b4c55a", output);
        Assert.Contains("6400 AND", output);
        Assert.Equal(garbled, output.Contains("garbler sent", StringComparison.Ordinal));
    }

    [Fact]
    public void Garbled_multiplier_over_the_in_memory_channel_prints_the_README_product()
    {
        var (exit, output, error) = Run("circuit", "run", PublicCircuit("mult64.txt"), "--input", "75bcd15", "--input", "f4243", "--garbled", "--transport", "memory");
        Assert.True(exit == 0, error);
        Assert.Contains($"output 0: {123457159370367:x16}", output);
    }

    [Theory]
    [InlineData("zz")]
    [InlineData("1ffffffffffffffff")]
    public void Bad_input_ends_with_one_error_line_and_exit_code_1(string input)
    {
        var (exit, _, error) = Run("circuit", "run", PublicCircuit("adder64.txt"), "--input", input, "--input", "1");
        Assert.Equal(1, exit);
        Assert.StartsWith("pitk: error:", error);
        Assert.Single(error.Trim().Split('\n'));
    }
}

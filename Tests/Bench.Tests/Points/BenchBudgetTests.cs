using System.Text.Json;
using PiToolkit.Bench.Sweeps.Points;
using PiToolkit.Bench.Sweeps.Store;

namespace PiToolkit.Bench.Tests.Points;

public class BenchBudgetTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData(" 300 ", 300L)]
    [InlineData("ALL", null)]
    public void Parse_reads_counts_and_all(string text, long? relus) => Assert.Equal(relus, BenchBudget.Parse(text).Relus);

    [Theory]
    [InlineData("-1")]
    [InlineData("1e3")]
    [InlineData("half")]
    [InlineData("")]
    public void Parse_rejects_what_is_not_a_count_or_all(string text) => Assert.Throws<FormatException>(() => BenchBudget.Parse(text));

    [Fact]
    public void All_sorts_after_every_count()
    {
        BenchBudget[] budgets = [BenchBudget.All, BenchBudget.Of(1000), BenchBudget.Of(0), BenchBudget.Of(30)];
        Assert.Equal(["0", "30", "1000", "all"], budgets.Order().Select(b => b.ToString()));
    }

    [Fact]
    public void Json_writes_a_number_or_the_word_all_and_reads_both_back()
    {
        BenchBudget[] budgets = [BenchBudget.Of(30), BenchBudget.All];
        string json = JsonSerializer.Serialize(budgets, BenchJson.Options);
        Assert.Equal("[30,\"all\"]", json.Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal));
        Assert.Equal(budgets, JsonSerializer.Deserialize<BenchBudget[]>(json, BenchJson.Options));
    }

    [Fact]
    public void Json_rejects_a_negative_budget() =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<BenchBudget>("-5", BenchJson.Options));
}

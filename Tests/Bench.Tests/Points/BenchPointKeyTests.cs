using PiToolkit.Bench.Sweeps.Points;

namespace PiToolkit.Bench.Tests.Points;

public class BenchPointKeyTests
{
    [Fact]
    public void Id_names_every_part_of_the_key() =>
        Assert.Equal("lenet5_prune+snl_all_s3", new BenchPointKey("lenet5", "prune+snl", BenchBudget.All, 3).Id);

    [Fact]
    public void Id_cannot_leave_the_store_folder()
    {
        string id = new BenchPointKey("../../etc", "snl", BenchBudget.Of(30), 1).Id;
        Assert.DoesNotContain('/', id);
        Assert.DoesNotContain('\\', id);
        Assert.Equal(id, Path.GetFileName(id));
    }

    [Fact]
    public void Seeds_of_one_configuration_share_it_and_differ_in_id()
    {
        var one = new BenchPointKey("lenet5", "snl", BenchBudget.Of(30), 1);
        var two = one with { Seed = 2 };
        Assert.Equal(one.Configuration, two.Configuration);
        Assert.NotEqual(one.Id, two.Id);
    }
}

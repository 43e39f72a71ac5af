using PiToolkit.Bench.Sweeps.Running;

namespace PiToolkit.Bench.Tests.Running;

public class ConsoleBenchProgressTests
{
    private static string Drive(bool live)
    {
        var writer = new StringWriter();
        var progress = new ConsoleBenchProgress(writer, live);
        var point = Samples.Point();
        progress.RunStarted(4, 1, 2);
        progress.PointStarted(0, point.Key);
        progress.PhaseChanged(0, point.Key, "protocol");
        progress.PointFinished(0, point);
        progress.RunEnded();
        return writer.ToString();
    }

    [Fact]
    public void Without_a_terminal_each_event_is_one_plain_line()
    {
        string text = Drive(live: false);
        Assert.DoesNotContain('\u001b', text);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.Contains("worker 1: lenet5 snl 300 seed 1: protocol", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("[2/4 points, about", lines[3], StringComparison.Ordinal);
        Assert.Contains("accuracy 95.0%, online 12.5 ms", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("done: 2/4 points", lines[4], StringComparison.Ordinal);
    }

    [Fact]
    public void On_a_terminal_the_worker_block_is_redrawn_in_place()
    {
        string text = Drive(live: true);
        Assert.Contains("\u001b[1F\u001b[2K", text, StringComparison.Ordinal);
        Assert.Contains("  worker 1: lenet5 snl 300 seed 1: protocol", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Live_lines_are_cut_to_the_terminal_width_so_the_redraw_stays_in_place()
    {
        var writer = new StringWriter();
        var progress = new ConsoleBenchProgress(writer, live: true, width: 30);
        progress.RunStarted(4, 0, 1);
        progress.PhaseChanged(0, Samples.Point().Key, "a phase with a long description");
        string last = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        Assert.Equal(29, last.Length);
    }
}

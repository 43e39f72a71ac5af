using BenchmarkDotNet.Running;

namespace PiToolkit.Bench;

/// <summary>Entry point: pick benchmarks with BenchmarkDotNet's switcher (e.g. <c>--filter '*Garbling*'</c>).</summary>
public static class Program
{
    /// <summary>Runs the selected benchmarks; non-zero when any benchmark failed to run.</summary>
    public static int Main(string[] args)
    {
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}

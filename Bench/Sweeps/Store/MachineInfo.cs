using System.Runtime.InteropServices;

namespace PiToolkit.Bench.Sweeps.Store;

/// <summary>The machine a run measured on: latency figures mean little without it.</summary>
/// <param name="CpuModel">The processor's model name.</param>
/// <param name="Cores">Logical processors available to the process.</param>
/// <param name="Os">The operating system.</param>
/// <param name="Dotnet">The .NET runtime.</param>
/// <param name="ToolkitVersion">PiToolkit's version.</param>
public sealed record MachineInfo(string CpuModel, int Cores, string Os, string Dotnet, string ToolkitVersion)
{
    /// <summary>Describes the machine this process runs on.</summary>
    public static MachineInfo Current() => new(ReadCpuModel(), Environment.ProcessorCount, RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription, typeof(MachineInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    private static string ReadCpuModel()
    {
        // Linux names the model in /proc/cpuinfo; elsewhere the architecture is the honest fallback.
        const string cpuinfo = "/proc/cpuinfo";
        try
        {
            if (File.Exists(cpuinfo))
                foreach (string line in File.ReadLines(cpuinfo))
                    if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is int colon and > 0)
                        return line[(colon + 1)..].Trim();
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}

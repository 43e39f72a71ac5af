namespace PiToolkit.Bench.Sweeps.Store;

/// <summary>The run folder's <c>run.json</c>: the settings and the machine, as of the run's last start.</summary>
/// <param name="Settings">What the run was asked to do.</param>
/// <param name="Machine">Where it ran.</param>
/// <param name="StartedUtc">When the run (or its last resumption) started.</param>
public sealed record RunManifest(BenchSettings Settings, MachineInfo Machine, DateTime StartedUtc);

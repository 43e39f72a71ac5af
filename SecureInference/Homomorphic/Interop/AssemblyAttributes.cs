using System.Runtime.CompilerServices;

// The tests check handle-table bookkeeping and the benchmarks time the same SEAL call in a pure-JS
// loop (SealRuntime's internal diagnostics); neither belongs in the public API.
[assembly: InternalsVisibleTo("PiToolkit.SecureInference.Tests")]
[assembly: InternalsVisibleTo("PiToolkit.Bench")]

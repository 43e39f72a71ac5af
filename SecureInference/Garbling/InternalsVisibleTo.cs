using System.Runtime.CompilerServices;

// Tests force the portable AES path (FixedKeyAes.ForcePortable) and seed label sources; the
// benchmarks measure the internal cores directly.
[assembly: InternalsVisibleTo("PiToolkit.SecureInference.Tests")]
[assembly: InternalsVisibleTo("PiToolkit.Bench")]

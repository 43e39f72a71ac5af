using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using PiToolkit.SecureInference.Homomorphic.Interop;

namespace PiToolkit.SecureInference.Homomorphic;

/// <summary>
/// SEAL's <c>SEALContext</c> for BFV parameters at 128-bit security, with batching. Owns the
/// WASM-side object; see <see cref="SealRuntime"/> for the threading rule.
/// </summary>
/// <remarks>
/// Making one costs about a second at N = 8192 (SEAL builds NTT tables for every prime at every
/// level of the modulus chain, in WebAssembly), so per-session code takes the runtime's
/// <see cref="SealRuntime.SharedContext"/> instead of making its own.
/// </remarks>
public sealed class SealContext : IDisposable
{
    /// <summary>Validates the parameters with SEAL and creates the context.</summary>
    /// <param name="runtime">The runtime that will hold every object made from this context.</param>
    /// <param name="parameters">N and the plain modulus.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SealException">SEAL rejected the parameters.</exception>
    /// <exception cref="ObjectDisposedException">The runtime was disposed.</exception>
    public SealContext(SealRuntime runtime, EncryptionParameters parameters)
        : this(runtime, parameters, shared: false)
    {
    }

    internal SealContext(SealRuntime runtime, EncryptionParameters parameters, bool shared)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(parameters);
        string reply = (string)runtime.Call(runtime.Functions.ContextCreate, parameters.PolyModulusDegree,
            parameters.PlainModulus.ToString(CultureInfo.InvariantCulture));
        string[] parts = reply.Split('|');
        Handle = new SealHandle(runtime, int.Parse(parts[0], CultureInfo.InvariantCulture), typeof(SealContext));
        CoeffModulus = [.. parts[1].Split(',').Select(s => ulong.Parse(s, CultureInfo.InvariantCulture))];
        SpecialPrime = ulong.Parse(parts[2], CultureInfo.InvariantCulture);
        Runtime = runtime;
        Parameters = parameters;
        BigInteger q = BigInteger.One;
        foreach (ulong prime in CoeffModulus)
            q *= prime;
        DataModulus = q;
        IsShared = shared;
    }

    /// <summary>The runtime that holds this context.</summary>
    public SealRuntime Runtime { get; }

    /// <summary>The parameters the context was made from.</summary>
    public EncryptionParameters Parameters { get; }

    /// <summary>Batching slots (N).</summary>
    public int SlotCount => Parameters.SlotCount;

    /// <summary>The primes of the coefficient modulus at the data level (the key level's special prime excluded).</summary>
    public ImmutableArray<ulong> CoeffModulus { get; }

    /// <summary>The key level's special prime P (SEAL's last BFVDefault prime): key switching divides its noise by P.</summary>
    public ulong SpecialPrime { get; }

    /// <summary>The product q of <see cref="CoeffModulus"/>, the modulus fresh ciphertexts live under.</summary>
    public BigInteger DataModulus { get; }

    /// <summary>Whether this is its runtime's <see cref="SealRuntime.SharedContext"/>, which lives as long as the runtime.</summary>
    public bool IsShared { get; }

    internal SealHandle Handle { get; }

    /// <summary>Releases the WASM-side context; does nothing for a shared one (its runtime releases it). Idempotent.</summary>
    public void Dispose()
    {
        if (!IsShared)
            Handle.Dispose();
    }
}

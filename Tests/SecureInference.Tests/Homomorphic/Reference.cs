using System.Numerics;
using PiToolkit.SecureInference.Homomorphic.LinearLayers;

namespace PiToolkit.SecureInference.Tests.Homomorphic;

/// <summary>Independent BigInteger references for the linear maps (deliberately naive).</summary>
internal static class Reference
{
    public static ulong[] Convolve(ConvolutionGeometry g, ulong[] w, ulong[] x, ulong p)
    {
        var y = new ulong[g.OutputCount];
        for (int o = 0; o < g.OutputChannels; o++)
            for (int oy = 0; oy < g.OutputHeight; oy++)
                for (int ox = 0; ox < g.OutputWidth; ox++)
                {
                    BigInteger sum = 0;
                    for (int c = 0; c < g.InputChannels; c++)
                        for (int ky = 0; ky < g.KernelHeight; ky++)
                            for (int kx = 0; kx < g.KernelWidth; kx++)
                            {
                                int iy = oy * g.Stride + ky - g.Padding, ix = ox * g.Stride + kx - g.Padding;
                                if (iy < 0 || ix < 0 || iy >= g.InputHeight || ix >= g.InputWidth)
                                    continue;
                                sum += (BigInteger)w[((o * g.InputChannels + c) * g.KernelHeight + ky) * g.KernelWidth + kx]
                                    * x[(c * g.InputHeight + iy) * g.InputWidth + ix];
                            }
                    y[(o * g.OutputHeight + oy) * g.OutputWidth + ox] = Mod(sum, p);
                }
        return y;
    }

    public static ulong[] MatrixVector(FullyConnectedGeometry g, ulong[] w, ulong[] x, ulong p)
    {
        var y = new ulong[g.Outputs];
        for (int o = 0; o < g.Outputs; o++)
        {
            BigInteger sum = 0;
            for (int i = 0; i < g.Inputs; i++)
                sum += (BigInteger)w[o * g.Inputs + i] * x[i];
            y[o] = Mod(sum, p);
        }
        return y;
    }

    public static ulong Mod(BigInteger value, ulong p)
    {
        BigInteger r = value % p;
        return (ulong)(r < 0 ? r + p : r);
    }

    /// <summary>Residues in [0, p) from a seeded generator (reproducible test data, not secrets).</summary>
    public static ulong[] Random(Random random, int count, ulong p)
    {
        var values = new ulong[count];
        for (int i = 0; i < count; i++)
            values[i] = (ulong)random.NextInt64((long)p);
        return values;
    }

    public static bool IsProbablePrime(BigInteger n)
    {
        if (n < 2)
            return false;
        BigInteger d = n - 1;
        int s = 0;
        while (d.IsEven)
        {
            d >>= 1;
            s++;
        }
        foreach (int a in new[] { 2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41 })
        {
            if (n == a)
                return true;
            BigInteger x = BigInteger.ModPow(a, d, n);
            if (x.IsOne || x == n - 1)
                continue;
            bool witness = true;
            for (int i = 1; i < s && witness; i++)
            {
                x = BigInteger.ModPow(x, 2, n);
                witness = x != n - 1;
            }
            if (witness)
                return false;
        }
        return true;
    }
}

using System.Numerics;
using PiToolkit.SecureInference.Arithmetic;

namespace PiToolkit.SecureInference.Tests.Arithmetic;

public sealed class FixedPointTests
{
    private static readonly FixedPoint Q = new(PrimeField.Delphi, 8);

    [Theory]
    [InlineData(0.0, 0L)]
    [InlineData(1.0, 256L)]
    [InlineData(-1.0, -256L)]
    [InlineData(0.5 / 256, 1L)]      // ties round away from zero
    [InlineData(-0.5 / 256, -1L)]
    [InlineData(3.14159, 804L)]
    public void Quantize_rounds_to_the_nearest_multiple_of_2_to_the_minus_f(double value, long expected)
    {
        Assert.Equal(expected, Q.Quantize(value));
        Assert.Equal(PrimeField.Delphi.FromSigned(expected), Q.Encode(value));
        Assert.Equal(expected / 256.0, Q.Decode(Q.Encode(value)));
    }

    [Fact]
    public void A_product_at_scale_2_to_the_2f_decodes_with_scale_power_2()
    {
        var field = PrimeField.Delphi;
        ulong product = field.Mul(Q.Encode(-1.5), Q.Encode(2.25));
        Assert.Equal(-3.375, Q.Decode(product, 2));
    }

    [Fact]
    public void Values_beyond_half_the_field_or_not_finite_are_refused()
    {
        double limit = Math.ScaleB((double)PrimeField.Delphi.Half, -8);
        Assert.Throws<ArgumentOutOfRangeException>(() => Q.Encode(limit * 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Q.Encode(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FixedPoint(PrimeField.Delphi, 20));
    }

    [Fact]
    public void Linear_headroom_is_the_worst_case_row_sum_at_scale_2_to_the_2f()
    {
        // Rows (1, −2) + bias 0.5 and (0.25, 0.25) + bias −3, inputs bounded by 4.
        double[] weights = [1, -2, 0.25, 0.25];
        double[] bias = [0.5, -3];
        var headroom = Q.LinearHeadroom("fc1", weights, bias, 4);
        BigInteger row0 = (256 + 512) * 1024 + (128 << 8);
        BigInteger row1 = (64 + 64) * 1024 + (768 << 8);
        Assert.Equal(BigInteger.Max(row0, row1), headroom.LargestMagnitude);
        Assert.True(headroom.Fits);
        double expected = BigInteger.Log(PrimeField.Delphi.Half, 2) - BigInteger.Log(BigInteger.Max(row0, row1), 2);
        Assert.Equal(expected, headroom.MarginBits, 9);
        headroom.EnsureFits();
    }

    [Fact]
    public void A_layer_that_can_wrap_is_reported_with_its_name_and_negative_margin()
    {
        var headroom = Q.Headroom("conv2", (BigInteger)PrimeField.Delphi.Half * 4);
        Assert.False(headroom.Fits);
        Assert.Equal(-2.0, headroom.MarginBits, 6);
        var e = Assert.Throws<InvalidOperationException>(headroom.EnsureFits);
        Assert.Contains("conv2", e.Message, StringComparison.Ordinal);
    }
}

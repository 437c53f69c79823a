using System.Buffers;
using System.Text;
using Router.Metrics;

namespace Router.Tests.Metrics;

public class PrometheusTextWriterTests
{
    [Fact]
    public void WriteFamily_HelpWithBackslashNewlineAndQuote_EscapesBackslashAndNewlineOnly()
    {
        var text = Write(w => w.WriteFamily("x", "a\\b\nc \"d\"", "gauge"));

        Assert.Equal("# HELP x a\\\\b\\nc \"d\"\n# TYPE x gauge\n", text);
    }

    [Fact]
    public void WriteSample_LabelValues_EscapedAndInGivenOrder()
    {
        var text = Write(w => w.WriteSample("m", 3L, ("b", "q\"uo\\te"), ("a", "line\nbreak")));

        Assert.Equal("m{b=\"q\\\"uo\\\\te\",a=\"line\\nbreak\"} 3\n", text);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.1, "0.1")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(1e21, "1E+21")]
    [InlineData(100000.0, "100000")]
    public void WriteSample_Double_InvariantAndSpecialValues(double value, string expected)
    {
        var text = Write(w => w.WriteSample("m", value));

        Assert.Equal($"m {expected}\n", text);
    }

    [Fact]
    public void WriteSample_Long_MinAndMax()
    {
        var text = Write(w =>
        {
            w.WriteSample("a", long.MaxValue);
            w.WriteSample("b", long.MinValue);
        });

        Assert.Equal("a 9223372036854775807\nb -9223372036854775808\n", text);
    }

    [Fact]
    public void WriteHistogram_WithLabel_LeLastCumulativeSumAndCount()
    {
        var cell = new HistogramCell([1, 2.5], sumUnitsPerValue: 1000);
        cell.Observe(0.5);
        cell.Observe(2);
        cell.Observe(2);
        cell.Observe(9);

        var text = Write(w =>
        {
            w.WriteFamily("h", "help", "histogram");
            w.WriteHistogram("h", cell, ("component", "c"));
        });

        Assert.Equal(
            "# HELP h help\n# TYPE h histogram\n"
            + "h_bucket{component=\"c\",le=\"1\"} 1\n"
            + "h_bucket{component=\"c\",le=\"2.5\"} 3\n"
            + "h_bucket{component=\"c\",le=\"+Inf\"} 4\n"
            + "h_sum{component=\"c\"} 13.5\n"
            + "h_count{component=\"c\"} 4\n",
            text);
        Assert.Single(PrometheusTextParser.Parse(text));
    }

    [Fact]
    public void HistogramCell_BoundsNotIncreasing_Throws()
    {
        Assert.Throws<ArgumentException>(() => new HistogramCell([1, 1], 1));
        Assert.Throws<ArgumentException>(() => new HistogramCell([1, double.PositiveInfinity], 1));
    }

    [Fact]
    public void HistogramCell_ValueOnBound_CountedInThatBucket()
    {
        var cell = new HistogramCell([1, 2], 1);

        cell.Observe(1);
        cell.Observe(2);
        cell.Observe(double.PositiveInfinity);

        Assert.Equal(1, cell.ReadBucket(0));
        Assert.Equal(1, cell.ReadBucket(1));
        Assert.Equal(0, cell.ReadBucket(2));
        Assert.Equal(2, cell.ReadCount());
    }

    private static string Write(Action<PrometheusTextWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(new PrometheusTextWriter(buffer));
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

using System.Buffers;
using System.Globalization;
using System.Text;

namespace Router.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format, version 0.0.4, as UTF-8: <c># HELP</c> and <c># TYPE</c> lines,
/// then samples <c>name{label="value",...} number</c>, one per line, <c>\n</c> line ends.
/// </summary>
/// <remarks>
/// Escaping per the format: in label values <c>\</c>, <c>"</c> and line feed become <c>\\</c>, <c>\"</c>, <c>\n</c>;
/// in help text only <c>\</c> and line feed are escaped. Metric and label names are this router's constants and
/// are written as they are. Numbers use the invariant culture; non-finite ones are <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.
/// </remarks>
internal sealed class PrometheusTextWriter
{
    private const int MaxNumberBytes = 32;

    private static readonly SearchValues<char> LabelValueEscapes = SearchValues.Create("\\\"\n");
    private static readonly SearchValues<char> HelpEscapes = SearchValues.Create("\\\n");

    private readonly IBufferWriter<byte> _output;

    public PrometheusTextWriter(IBufferWriter<byte> output)
    {
        _output = output;
    }

    /// <summary>Writes the <c># HELP</c> and <c># TYPE</c> lines that open a metric family.</summary>
    public void WriteFamily(string name, string help, string type)
    {
        WriteUtf8("# HELP ");
        WriteUtf8(name);
        WriteByte((byte)' ');
        WriteEscaped(help, HelpEscapes);
        WriteUtf8("\n# TYPE ");
        WriteUtf8(name);
        WriteByte((byte)' ');
        WriteUtf8(type);
        WriteByte((byte)'\n');
    }

    public void WriteSample(string name, long value, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        WriteSeries(name, suffix: null, labels, le: null);
        WriteInteger(value);
        WriteByte((byte)'\n');
    }

    public void WriteSample(string name, double value, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        WriteSeries(name, suffix: null, labels, le: null);
        WriteDouble(value);
        WriteByte((byte)'\n');
    }

    /// <summary>Writes one histogram series: cumulative <c>_bucket</c> lines ending in <c>+Inf</c>, then <c>_sum</c> and <c>_count</c>.</summary>
    public void WriteHistogram(string name, HistogramCell cell, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        var leLabels = cell.UpperBoundLabels;
        long cumulative = 0;
        for (var i = 0; i < cell.BucketCount; i++)
        {
            cumulative += cell.ReadBucket(i);
            WriteSeries(name, "_bucket", labels, i < leLabels.Count ? leLabels[i] : "+Inf");
            WriteInteger(cumulative);
            WriteByte((byte)'\n');
        }

        WriteSeries(name, "_sum", labels, le: null);
        WriteDouble(cell.ReadSum());
        WriteByte((byte)'\n');

        // The count is the +Inf bucket as read above, so the two always agree on the page.
        WriteSeries(name, "_count", labels, le: null);
        WriteInteger(cumulative);
        WriteByte((byte)'\n');
    }

    private void WriteSeries(string name, string? suffix, ReadOnlySpan<(string Name, string Value)> labels, string? le)
    {
        WriteUtf8(name);
        if (suffix is not null)
        {
            WriteUtf8(suffix);
        }

        if (labels.Length > 0 || le is not null)
        {
            WriteByte((byte)'{');
            for (var i = 0; i < labels.Length; i++)
            {
                if (i > 0)
                {
                    WriteByte((byte)',');
                }

                WriteLabel(labels[i].Name, labels[i].Value);
            }

            if (le is not null)
            {
                if (labels.Length > 0)
                {
                    WriteByte((byte)',');
                }

                WriteLabel("le", le);
            }

            WriteByte((byte)'}');
        }

        WriteByte((byte)' ');
    }

    private void WriteLabel(string name, string value)
    {
        WriteUtf8(name);
        WriteUtf8("=\"");
        WriteEscaped(value, LabelValueEscapes);
        WriteByte((byte)'"');
    }

    private void WriteEscaped(ReadOnlySpan<char> text, SearchValues<char> escapes)
    {
        while (true)
        {
            var index = text.IndexOfAny(escapes);
            if (index < 0)
            {
                WriteUtf8(text);
                return;
            }

            WriteUtf8(text[..index]);
            WriteUtf8(text[index] switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                _ => "\\n",
            });
            text = text[(index + 1)..];
        }
    }

    private void WriteInteger(long value)
    {
        var span = _output.GetSpan(MaxNumberBytes);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        _output.Advance(written);
    }

    private void WriteDouble(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            WriteUtf8("+Inf");
        }
        else if (double.IsNegativeInfinity(value))
        {
            WriteUtf8("-Inf");
        }
        else if (double.IsNaN(value))
        {
            WriteUtf8("NaN");
        }
        else
        {
            var span = _output.GetSpan(MaxNumberBytes);
            value.TryFormat(span, out var written, "R", CultureInfo.InvariantCulture);
            _output.Advance(written);
        }
    }

    private void WriteUtf8(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        var span = _output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        _output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private void WriteByte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }
}

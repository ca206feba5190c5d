namespace FitnessDriver.TimeSeries;

/// <summary>The first and last time of an activity's samples, epoch milliseconds, both included.</summary>
public readonly record struct SampleRange(long First, long Last)
{
    /// <summary>The part of this range from <paramref name="from"/> (included) to <paramref name="to"/> (excluded), or null when they do not meet.</summary>
    public SampleRange? Within(long? from, long? to)
    {
        var first = Math.Max(First, from ?? First);
        var last = Math.Min(Last, (to ?? long.MaxValue) - 1);
        return first <= last ? new SampleRange(first, last) : null;
    }

    /// <summary>The first instant after the range: queries take <c>t &gt;= First AND t &lt; End</c>.</summary>
    public long End => Last + 1;
}

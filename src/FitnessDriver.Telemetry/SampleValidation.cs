using System.Text.RegularExpressions;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.Telemetry;

/// <summary>An inclusive range of channel values.</summary>
public readonly record struct ChannelRange(double Min, double Max)
{
    /// <summary>True for a value inside the range (NaN is not).</summary>
    public bool Contains(double value) => value >= Min && value <= Max;
}

/// <summary>The limits of a sample batch, as the public API documents them.</summary>
public static partial class SampleValidation
{
    /// <summary>Most samples in one request.</summary>
    public const int MaxSamples = 10_000;

    /// <summary>How far in the future a sample may be (clocks drift).</summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromMinutes(10);

    /// <summary>Earliest time of an activity or an imported sample (epoch ms): older files are not activities we can score.</summary>
    public static readonly long EarliestTime = new DateTimeOffset(1990, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>Most RR intervals in one sample.</summary>
    public const int MaxRrPerSample = 60;

    private const int MaxReportedErrors = 50;

    /// <summary>The accepted range of each channel.</summary>
    public static class Limits
    {
        public static readonly ChannelRange Hr = new(20, 250);
        public static readonly ChannelRange Power = new(0, 3000);
        public static readonly ChannelRange Cadence = new(0, 300);
        public static readonly ChannelRange Speed = new(0, 40);
        public static readonly ChannelRange Distance = new(0, 100_000_000);
        public static readonly ChannelRange Lat = new(-90, 90);
        public static readonly ChannelRange Lon = new(-180, 180);
        public static readonly ChannelRange Alt = new(-1000, 10_000);
        public static readonly ChannelRange Rr = new(1, 5000);
    }

    /// <summary>Checks a batch; returns the failures by field (e.g. <c>samples[3].hr</c>).</summary>
    public static ValidationErrors Validate(SampleBatchRequest batch, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var errors = new ValidationErrors(MaxReportedErrors);
        if (string.IsNullOrWhiteSpace(batch.DeviceId))
            errors.Add("deviceId", "is required");
        else if (!DeviceId().IsMatch(batch.DeviceId))
            errors.Add("deviceId", "must be 1-128 characters of letters, digits and . _ : -");
        if (batch.DeviceKind is { } kind && !DeviceKinds.IsKnown(kind))
            errors.Add("deviceKind", $"must be one of {string.Join(", ", DeviceKinds.All)}");
        if (batch.Samples is null || batch.Samples.Count == 0)
        {
            errors.Add("samples", "must contain at least one sample");
            return errors;
        }

        var latest = (now + MaxFutureSkew).ToUnixTimeMilliseconds();
        var latestTime = 0L;
        Dictionary<long, int>? firstWithTime = null;
        for (var i = 0; i < batch.Samples.Count && errors.Count < MaxReportedErrors; i++)
        {
            if (batch.Samples[i] is not { } sample)
            {
                errors.Add($"samples[{i}]", "must be an object");
                continue;
            }

            Validate(sample, i, latest, errors);
            if (sample.T <= 0)
                continue;
            // A device has one sample per instant; the second would be dropped downstream while counted as accepted.
            // Times that only go up cannot repeat, so only a batch out of order needs an index of its times.
            if (firstWithTime is null && sample.T > latestTime)
                latestTime = sample.T;
            else if (!(firstWithTime ??= TimesBefore(batch.Samples, i)).TryAdd(sample.T, i))
                errors.Add(Field(i, "t"), $"repeats the time of samples[{firstWithTime[sample.T]}]: a device has one sample per instant");
        }

        return errors;
    }

    /// <summary>The index of each time among the first <paramref name="count"/> samples (all different, in rising order).</summary>
    private static Dictionary<long, int> TimesBefore(IReadOnlyList<Sample> samples, int count)
    {
        var times = new Dictionary<long, int>(count + 1);
        for (var i = 0; i < count; i++)
        {
            if (samples[i] is { T: > 0 } sample)
                times.Add(sample.T, i);
        }

        return times;
    }

    // Field names are built only for a failure: a valid batch of thousands of samples allocates none.
    private static void Validate(Sample sample, int i, long latest, ValidationErrors errors)
    {
        if (sample.T <= 0)
            errors.Add(Field(i, "t"), "is required: Unix epoch milliseconds");
        else if (sample.T > latest)
            errors.Add(Field(i, "t"), $"must not be more than {MaxFutureSkew.TotalMinutes:0} minutes in the future");
        Range(errors, i, "hr", sample.Hr, Limits.Hr);
        Range(errors, i, "power", sample.Power, Limits.Power);
        Range(errors, i, "cadence", sample.Cadence, Limits.Cadence);
        Range(errors, i, "speed", sample.Speed, Limits.Speed);
        Range(errors, i, "distance", sample.Distance, Limits.Distance);
        Range(errors, i, "lat", sample.Lat, Limits.Lat);
        Range(errors, i, "lon", sample.Lon, Limits.Lon);
        Range(errors, i, "alt", sample.Alt, Limits.Alt);
        if ((sample.Lat is null) != (sample.Lon is null))
            errors.Add(Field(i, sample.Lat is null ? "lat" : "lon"), "lat and lon must be sent together");
        if (sample.Rr is { } rr)
        {
            if (rr.Count > MaxRrPerSample)
                errors.Add(Field(i, "rr"), $"must hold at most {MaxRrPerSample} intervals");
            else if (!AllWithin(rr, Limits.Rr))
                errors.Add(Field(i, "rr"), "intervals must be between 1 and 5000 ms");
        }
    }

    private static void Range(ValidationErrors errors, int i, string channel, double? value, ChannelRange range)
    {
        if (value is { } v && !range.Contains(v))
            errors.Range(Field(i, channel), v, range.Min, range.Max);
    }

    private static bool AllWithin(IReadOnlyList<int> intervals, ChannelRange range)
    {
        for (var i = 0; i < intervals.Count; i++)
        {
            if (!range.Contains(intervals[i]))
                return false;
        }

        return true;
    }

    private static string Field(int i, string channel) => $"samples[{i}].{channel}";

    [GeneratedRegex(@"^[A-Za-z0-9._:\-]{1,128}$")]
    private static partial Regex DeviceId();
}

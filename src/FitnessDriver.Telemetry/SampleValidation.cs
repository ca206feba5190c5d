using System.Text.RegularExpressions;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.Telemetry;

/// <summary>The limits of a sample batch, as the public API documents them.</summary>
public static partial class SampleValidation
{
    /// <summary>Most samples in one request.</summary>
    public const int MaxSamples = 10_000;

    /// <summary>How far in the future a sample may be (clocks drift).</summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromMinutes(10);

    private const int MaxReportedErrors = 50;
    private const int MaxRrPerSample = 60;

    /// <summary>Checks a batch; returns the failures by field (e.g. <c>samples[3].hr</c>).</summary>
    public static ValidationErrors Validate(SampleBatchRequest batch, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(batch.DeviceId))
            errors.Add("deviceId", "is required");
        else if (!DeviceId().IsMatch(batch.DeviceId))
            errors.Add("deviceId", "must be 1-128 characters of letters, digits and . _ : -");
        if (batch.Samples is null || batch.Samples.Count == 0)
        {
            errors.Add("samples", "must contain at least one sample");
            return errors;
        }

        var latest = (now + MaxFutureSkew).ToUnixTimeMilliseconds();
        for (var i = 0; i < batch.Samples.Count && errors.Count < MaxReportedErrors; i++)
        {
            var field = $"samples[{i}]";
            if (batch.Samples[i] is not { } sample)
            {
                errors.Add(field, "must be an object");
                continue;
            }

            Validate(sample, field, latest, errors);
        }

        return errors;
    }

    private static void Validate(Sample sample, string field, long latest, ValidationErrors errors)
    {
        if (sample.T <= 0)
            errors.Add($"{field}.t", "is required: Unix epoch milliseconds");
        else if (sample.T > latest)
            errors.Add($"{field}.t", $"must not be more than {MaxFutureSkew.TotalMinutes:0} minutes in the future");
        errors.Range($"{field}.hr", sample.Hr, 20, 250);
        errors.Range($"{field}.power", sample.Power, 0, 3000);
        errors.Range($"{field}.cadence", sample.Cadence, 0, 300);
        errors.Range($"{field}.speed", sample.Speed, 0, 40);
        errors.Range($"{field}.distance", sample.Distance, 0, 100_000_000);
        errors.Range($"{field}.lat", sample.Lat, -90, 90);
        errors.Range($"{field}.lon", sample.Lon, -180, 180);
        errors.Range($"{field}.alt", sample.Alt, -1000, 10_000);
        if ((sample.Lat is null) != (sample.Lon is null))
            errors.Add(sample.Lat is null ? $"{field}.lat" : $"{field}.lon", "lat and lon must be sent together");
        if (sample.Rr is { } rr)
        {
            if (rr.Count > MaxRrPerSample)
                errors.Add($"{field}.rr", $"must hold at most {MaxRrPerSample} intervals");
            else if (rr.Any(r => r is < 1 or > 5000))
                errors.Add($"{field}.rr", "intervals must be between 1 and 5000 ms");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9._:\-]{1,128}$")]
    private static partial Regex DeviceId();
}

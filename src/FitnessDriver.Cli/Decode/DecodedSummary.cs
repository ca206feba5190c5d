using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Devices;

namespace FitnessDriver.Cli.Decode;

/// <summary>What <c>fd decode</c> says about a file before listing its samples.</summary>
internal sealed record DecodedSummary(int Samples, string? StartedAt, string? EndedAt, long DurationS, double DistanceM, double? AvgHr, int? MaxHr, double? AvgPower)
{
    /// <summary>Reads the samples once to summarise them.</summary>
    public static DecodedSummary Of(DecodedActivity decoded)
    {
        int count = 0, hrCount = 0, powerCount = 0;
        long first = long.MaxValue, last = long.MinValue;
        double hrSum = 0, powerSum = 0, distance = 0, track = 0;
        int? maxHr = null;
        Sample? previous = null;
        foreach (var sample in decoded.Samples)
        {
            count++;
            first = Math.Min(first, sample.T);
            last = Math.Max(last, sample.T);
            if (sample.Hr is { } hr)
            {
                hrSum += hr;
                hrCount++;
                maxHr = Math.Max(maxHr ?? 0, hr);
            }

            if (sample.Power is { } power)
            {
                powerSum += power;
                powerCount++;
            }

            if (sample.Distance is { } d)
                distance = Math.Max(distance, d);
            if (sample.HasPosition && previous?.HasPosition == true)
                track += Geo.HaversineM(previous.Lat!.Value, previous.Lon!.Value, sample.Lat!.Value, sample.Lon!.Value);
            if (sample.HasPosition)
                previous = sample;
        }

        return new DecodedSummary(count, count == 0 ? null : IsoTime.FromEpochMilliseconds(first), count == 0 ? null : IsoTime.FromEpochMilliseconds(last), count == 0 ? 0 : (last - first) / 1000,
            Math.Round(distance > 0 ? distance : track, 1), hrCount == 0 ? null : Math.Round(hrSum / hrCount, 1), maxHr,
            powerCount == 0 ? null : Math.Round(powerSum / powerCount, 1));
    }
}

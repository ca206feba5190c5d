using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Postgres;
using Npgsql;

namespace FitnessDriver.TimeSeries;

/// <summary>A binary COPY of samples into a table shaped as <c>timeseries.samples</c>: the writer's, and any baseline measured against it.</summary>
public static class SampleCopy
{
    private const short Columns = 13;

    /// <summary>Starts a COPY into <paramref name="table"/>; rows go in with <see cref="WriteAsync"/>.</summary>
    public static Task<BinaryCopyWriter> BeginAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken) =>
        BinaryCopyWriter.BeginAsync(connection,
            $"COPY {table} (activity_id, device_id, t, athlete_id, hr, power, cadence, speed_mms, distance_dm, lat, lon, alt_dm, rr) FROM STDIN (FORMAT BINARY)",
            cancellationToken);

    /// <summary>
    /// Adds one row (speed, distance and altitude in the integer columns, see <see cref="SampleUnits"/>); positions only
    /// when <paramref name="plainPositions"/> (otherwise they are kept sealed apart).
    /// </summary>
    public static async ValueTask WriteAsync(BinaryCopyWriter copy, Guid activityId, string deviceId, Guid athleteId, Sample sample, bool plainPositions,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(copy);
        ArgumentNullException.ThrowIfNull(sample);
        await copy.StartRowAsync(Columns, cancellationToken);
        copy.Write(activityId);
        copy.Write(deviceId);
        copy.WriteTimestamp(sample.T);
        copy.Write(athleteId);
        copy.Write((short?)sample.Hr);
        copy.Write((short?)sample.Power);
        copy.Write((short?)sample.Cadence);
        copy.Write(SampleUnits.SpeedMms(sample.Speed));
        copy.Write(SampleUnits.DistanceDm(sample.Distance));
        copy.Write(plainPositions ? sample.Lat : null);
        copy.Write(plainPositions ? sample.Lon : null);
        copy.Write(SampleUnits.AltDm(sample.Alt));
        copy.WriteSmallintArray(sample.Rr);
    }
}

using FitnessDriver.Contracts.Telemetry;
using Npgsql;
using NpgsqlTypes;

namespace FitnessDriver.TimeSeries;

/// <summary>A sample as a row of <c>timeseries.samples</c> in a binary COPY: the writer's, and any baseline measured against it.</summary>
public static class SampleRows
{
    /// <summary>The COPY statement that takes rows written by <see cref="Write"/> into <paramref name="table"/>.</summary>
    public static string CopyInto(string table) =>
        $"COPY {table} (activity_id, device_id, t, athlete_id, hr, power, cadence, speed_mms, distance_dm, lat, lon, alt_dm, rr) FROM STDIN (FORMAT BINARY)";

    /// <summary>
    /// Writes one row (speed, distance and altitude in the integer columns, see <see cref="SampleUnits"/>); positions only
    /// when <paramref name="plainPositions"/> (otherwise they are kept sealed apart). Synchronous: a row is 13 small
    /// values into the importer's buffer, which reaches the socket only when full, and an awaited call per value cost
    /// more than the rest of the row.
    /// </summary>
    public static void Write(NpgsqlBinaryImporter copy, Guid activityId, string deviceId, Guid athleteId, Sample sample, bool plainPositions)
    {
        ArgumentNullException.ThrowIfNull(copy);
        ArgumentNullException.ThrowIfNull(sample);
        copy.StartRow();
        copy.Write(activityId, NpgsqlDbType.Uuid);
        copy.Write(deviceId, NpgsqlDbType.Text);
        copy.Write(DateTimeOffset.FromUnixTimeMilliseconds(sample.T).UtcDateTime, NpgsqlDbType.TimestampTz);
        copy.Write(athleteId, NpgsqlDbType.Uuid);
        WriteNullable(copy, (short?)sample.Hr, NpgsqlDbType.Smallint);
        WriteNullable(copy, (short?)sample.Power, NpgsqlDbType.Smallint);
        WriteNullable(copy, (short?)sample.Cadence, NpgsqlDbType.Smallint);
        WriteNullable(copy, SampleUnits.SpeedMms(sample.Speed), NpgsqlDbType.Integer);
        WriteNullable(copy, SampleUnits.DistanceDm(sample.Distance), NpgsqlDbType.Bigint);
        WriteNullable(copy, plainPositions ? sample.Lat : null, NpgsqlDbType.Double);
        WriteNullable(copy, plainPositions ? sample.Lon : null, NpgsqlDbType.Double);
        WriteNullable(copy, SampleUnits.AltDm(sample.Alt), NpgsqlDbType.Integer);
        if (sample.Rr is { Count: > 0 } rr)
            copy.Write(rr.Select(r => (short)Math.Clamp(r, short.MinValue, short.MaxValue)).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Smallint);
        else
            copy.WriteNull();
    }

    private static void WriteNullable<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type)
        where T : struct
    {
        if (value is { } v)
            copy.Write(v, type);
        else
            copy.WriteNull();
    }
}

using FitnessDriver.Contracts.Telemetry;
using Npgsql;
using NpgsqlTypes;

namespace FitnessDriver.TimeSeries;

/// <summary>A sample as a row of <c>timeseries.samples</c> in a binary COPY: the writer's, and any baseline measured against it.</summary>
public static class SampleRows
{
    /// <summary>The COPY statement that takes rows written by <see cref="WriteAsync"/> into <paramref name="table"/>.</summary>
    public static string CopyInto(string table) =>
        $"COPY {table} (activity_id, device_id, t, athlete_id, hr, power, cadence, speed_mms, distance_dm, lat, lon, alt_dm, rr) FROM STDIN (FORMAT BINARY)";

    /// <summary>Writes one row (speed, distance and altitude in the integer columns, see <see cref="SampleUnits"/>); positions only when <paramref name="plainPositions"/> (otherwise they are kept sealed apart).</summary>
    public static async Task WriteAsync(NpgsqlBinaryImporter copy, Guid activityId, string deviceId, Guid athleteId, Sample sample, bool plainPositions,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(copy);
        ArgumentNullException.ThrowIfNull(sample);
        await copy.StartRowAsync(cancellationToken);
        await copy.WriteAsync(activityId, NpgsqlDbType.Uuid, cancellationToken);
        await copy.WriteAsync(deviceId, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(DateTimeOffset.FromUnixTimeMilliseconds(sample.T).UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
        await copy.WriteAsync(athleteId, NpgsqlDbType.Uuid, cancellationToken);
        await WriteNullableAsync(copy, (short?)sample.Hr, NpgsqlDbType.Smallint, cancellationToken);
        await WriteNullableAsync(copy, (short?)sample.Power, NpgsqlDbType.Smallint, cancellationToken);
        await WriteNullableAsync(copy, (short?)sample.Cadence, NpgsqlDbType.Smallint, cancellationToken);
        await WriteNullableAsync(copy, SampleUnits.SpeedMms(sample.Speed), NpgsqlDbType.Integer, cancellationToken);
        await WriteNullableAsync(copy, SampleUnits.DistanceDm(sample.Distance), NpgsqlDbType.Bigint, cancellationToken);
        await WriteNullableAsync(copy, plainPositions ? sample.Lat : null, NpgsqlDbType.Double, cancellationToken);
        await WriteNullableAsync(copy, plainPositions ? sample.Lon : null, NpgsqlDbType.Double, cancellationToken);
        await WriteNullableAsync(copy, SampleUnits.AltDm(sample.Alt), NpgsqlDbType.Integer, cancellationToken);
        if (sample.Rr is { Count: > 0 } rr)
            await copy.WriteAsync(rr.Select(r => (short)Math.Clamp(r, short.MinValue, short.MaxValue)).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Smallint, cancellationToken);
        else
            await copy.WriteNullAsync(cancellationToken);
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct
    {
        if (value is { } v)
            await copy.WriteAsync(v, type, cancellationToken);
        else
            await copy.WriteNullAsync(cancellationToken);
    }
}

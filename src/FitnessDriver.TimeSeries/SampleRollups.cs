using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Postgres;
using Npgsql;

namespace FitnessDriver.TimeSeries;

/// <summary>A sample the writer stores, or has just stored (not one it left out as already stored).</summary>
/// <param name="Batch">The batch it came in: its activity, device and athlete.</param>
/// <param name="Sample">The sample.</param>
/// <param name="PlainPositions">Whether its position goes into the samples' lat/lon columns (sealing off).</param>
public readonly record struct StoredSample(SampleBatch Batch, Sample Sample, bool PlainPositions)
{
    /// <summary>Its activity.</summary>
    public Guid ActivityId => Batch.ActivityId;

    /// <summary>Its device.</summary>
    public string DeviceId => Batch.DeviceId;
}

/// <summary>
/// The 10 s and 1 min rollups of <c>timeseries.samples</c> (<c>timeseries.rollups_10s</c>, <c>timeseries.rollups_1m</c>):
/// per activity, device and bucket, the sums and counts of each channel and the largest distance, added to by the writer
/// in the transaction that stores the samples. A bucket's average is its sum over its count, the same value the
/// database's <c>avg</c> computes over the bucket's rows; rollups are kept when raw samples are dropped (see
/// <see cref="RawRetention"/>), and nothing computes them again from the samples.
/// </summary>
public static class SampleRollups
{
    /// <summary>The rollup tables by bucket length.</summary>
    public static IReadOnlyDictionary<TimeSpan, string> Tables { get; } = new Dictionary<TimeSpan, string>
    {
        [TimeSpan.FromSeconds(10)] = "timeseries.rollups_10s",
        [TimeSpan.FromMinutes(1)] = "timeseries.rollups_1m",
    };

    /// <summary>
    /// Adds <paramref name="stored"/> to every rollup. A bucket that starts after its device's latest sample before this
    /// transaction (<paramref name="lastStored"/>, null for none) holds no stored sample, so it has no row yet and goes in
    /// by COPY; the others are added to the row they may have.
    /// </summary>
    internal static async Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<StoredSample> stored,
        Func<(Guid ActivityId, string DeviceId), long?> lastStored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(lastStored);
        if (stored.Count == 0)
            return;
        foreach (var (length, table) in Tables)
        {
            var buckets = new Dictionary<(Guid, string, long), Bucket>();
            var bucketMs = (long)length.TotalMilliseconds;
            // A batch's samples mostly follow each other in time: the next one usually falls in the bucket of the last.
            var (bucket, bucketBatch, bucketStart) = ((Bucket?)null, (SampleBatch?)null, 0L);
            foreach (var sample in stored)
            {
                var start = sample.Sample.T - (((sample.Sample.T % bucketMs) + bucketMs) % bucketMs);
                if (bucket is null || !ReferenceEquals(sample.Batch, bucketBatch) || start != bucketStart)
                {
                    var key = (sample.ActivityId, sample.DeviceId, start);
                    if (!buckets.TryGetValue(key, out bucket))
                        buckets[key] = bucket = new Bucket();
                    (bucketBatch, bucketStart) = (sample.Batch, start);
                }

                bucket.Add(sample.Sample, sample.PlainPositions);
            }

            var isNew = buckets.ToLookup(b => lastStored((b.Key.Item1, b.Key.Item2)) is not { } last || last < b.Key.Item3);
            await CopyAsync(connection, table, [.. isNew[true]], cancellationToken);
            await UpsertAsync(connection, transaction, table, [.. isNew[false]], cancellationToken);
        }
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string table, List<KeyValuePair<(Guid, string, long), Bucket>> rows,
        CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
            return;
        await using var copy = await BinaryCopyWriter.BeginAsync(connection, $"""
            COPY {table} (activity_id, device_id, bucket, samples, hr_sum, hr_n, power_sum, power_n, cadence_sum, cadence_n,
                speed_sum, speed_n, distance_max, alt_sum, alt_n, lat_sum, lon_sum, position_n) FROM STDIN (FORMAT BINARY)
            """, cancellationToken);
        foreach (var ((activityId, deviceId, start), bucket) in rows)
        {
            await copy.StartRowAsync(18, cancellationToken);
            copy.Write(activityId);
            copy.Write(deviceId);
            copy.WriteTimestamp(start);
            copy.Write(bucket.Samples);
            copy.Write(bucket.HrSum);
            copy.Write(bucket.HrN);
            copy.Write(bucket.PowerSum);
            copy.Write(bucket.PowerN);
            copy.Write(bucket.CadenceSum);
            copy.Write(bucket.CadenceN);
            copy.Write(bucket.SpeedSum);
            copy.Write(bucket.SpeedN);
            copy.Write(bucket.DistanceMax);
            copy.Write(bucket.AltSum);
            copy.Write(bucket.AltN);
            copy.Write(bucket.LatSum);
            copy.Write(bucket.LonSum);
            copy.Write(bucket.PositionN);
        }

        await copy.CompleteAsync(cancellationToken);
    }

    private static Task UpsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, List<KeyValuePair<(Guid, string, long), Bucket>> rows,
        CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
            return Task.CompletedTask;
        long[] Sums(Func<Bucket, long> value) => [.. rows.Select(r => value(r.Value))];
        int[] Counts(Func<Bucket, int> value) => [.. rows.Select(r => value(r.Value))];
        return PostgresCommands.ExecuteAsync(connection, transaction, $"""
            INSERT INTO {table} AS r (activity_id, device_id, bucket, samples, hr_sum, hr_n, power_sum, power_n, cadence_sum, cadence_n,
                speed_sum, speed_n, distance_max, alt_sum, alt_n, lat_sum, lon_sum, position_n)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::int[], $5::bigint[], $6::int[], $7::bigint[], $8::int[],
                $9::bigint[], $10::int[], $11::bigint[], $12::int[], $13::bigint[], $14::bigint[], $15::int[], $16::float8[], $17::float8[], $18::int[])
            ON CONFLICT (activity_id, device_id, bucket) DO UPDATE SET samples = r.samples + EXCLUDED.samples,
                hr_sum = r.hr_sum + EXCLUDED.hr_sum, hr_n = r.hr_n + EXCLUDED.hr_n, power_sum = r.power_sum + EXCLUDED.power_sum,
                power_n = r.power_n + EXCLUDED.power_n, cadence_sum = r.cadence_sum + EXCLUDED.cadence_sum, cadence_n = r.cadence_n + EXCLUDED.cadence_n,
                speed_sum = r.speed_sum + EXCLUDED.speed_sum, speed_n = r.speed_n + EXCLUDED.speed_n,
                distance_max = greatest(r.distance_max, EXCLUDED.distance_max), alt_sum = r.alt_sum + EXCLUDED.alt_sum, alt_n = r.alt_n + EXCLUDED.alt_n,
                lat_sum = r.lat_sum + EXCLUDED.lat_sum, lon_sum = r.lon_sum + EXCLUDED.lon_sum, position_n = r.position_n + EXCLUDED.position_n
            """, cancellationToken,
            rows.Select(r => r.Key.Item1).ToArray(), rows.Select(r => r.Key.Item2).ToArray(), rows.Select(r => ActivityCache.Time(r.Key.Item3)).ToArray(),
            Counts(b => b.Samples), Sums(b => b.HrSum), Counts(b => b.HrN), Sums(b => b.PowerSum), Counts(b => b.PowerN), Sums(b => b.CadenceSum),
            Counts(b => b.CadenceN), Sums(b => b.SpeedSum), Counts(b => b.SpeedN), rows.Select(r => r.Value.DistanceMax).ToArray(), Sums(b => b.AltSum),
            Counts(b => b.AltN), rows.Select(r => r.Value.LatSum).ToArray(), rows.Select(r => r.Value.LonSum).ToArray(), Counts(b => b.PositionN));
    }

    /// <summary>One bucket's sums and counts, with the values converted as the writer stores them.</summary>
    private sealed class Bucket
    {
        public int Samples { get; private set; }

        public long HrSum { get; private set; }

        public int HrN { get; private set; }

        public long PowerSum { get; private set; }

        public int PowerN { get; private set; }

        public long CadenceSum { get; private set; }

        public int CadenceN { get; private set; }

        public long SpeedSum { get; private set; }

        public int SpeedN { get; private set; }

        public long? DistanceMax { get; private set; }

        public long AltSum { get; private set; }

        public int AltN { get; private set; }

        public double LatSum { get; private set; }

        public double LonSum { get; private set; }

        public int PositionN { get; private set; }

        public void Add(Sample sample, bool plainPositions)
        {
            Samples++;
            if ((short?)sample.Hr is { } hr)
                (HrSum, HrN) = (HrSum + hr, HrN + 1);
            if ((short?)sample.Power is { } power)
                (PowerSum, PowerN) = (PowerSum + power, PowerN + 1);
            if ((short?)sample.Cadence is { } cadence)
                (CadenceSum, CadenceN) = (CadenceSum + cadence, CadenceN + 1);
            if (SampleUnits.SpeedMms(sample.Speed) is { } speed)
                (SpeedSum, SpeedN) = (SpeedSum + speed, SpeedN + 1);
            if (SampleUnits.DistanceDm(sample.Distance) is { } distance)
                DistanceMax = Math.Max(DistanceMax ?? distance, distance);
            if (SampleUnits.AltDm(sample.Alt) is { } alt)
                (AltSum, AltN) = (AltSum + alt, AltN + 1);
            if (plainPositions && sample.HasPosition)
                (LatSum, LonSum, PositionN) = (LatSum + sample.Lat!.Value, LonSum + sample.Lon!.Value, PositionN + 1);
        }
    }
}

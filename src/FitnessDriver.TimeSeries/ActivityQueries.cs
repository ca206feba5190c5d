using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Postgres;
using FitnessDriver.ServiceDefaults.Privacy;
using System.Data;
using Npgsql;

namespace FitnessDriver.TimeSeries;

/// <summary>Reads activity summaries and lists; always scoped to the calling athlete. Sealed names and positions are opened with the athlete's key.</summary>
public sealed class ActivityQueries(TimeSeriesDatabase database, FusedChannels fused, IAthleteKeys keys)
{
    private sealed record DeviceStats(string DeviceId, long Samples, double? Distance, double MovingS);

    /// <summary>The summary, or null when the activity does not exist for this athlete. A merged activity answers with the one it was merged into.</summary>
    public async Task<ActivitySummary?> GetSummaryAsync(Guid activityId, Guid athleteId, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        if (await ActivityRows.FindAsync(connection, activityId, athleteId, cancellationToken) is not { } activity)
            return null;

        var (figures, devices, range) = await FiguresAsync(connection, activity.ActivityId, athleteId, cancellationToken);
        DateTime? lastSecond = range is { Last: var last } ? ActivityCache.Time(last - (((last % 1000) + 1000) % 1000)) : null;
        var end = activity.FinishedAt ?? lastSecond ?? activity.StartedAt;
        return new ActivitySummary
        {
            ActivityId = activity.ActivityId,
            Sport = activity.Sport,
            Status = activity.FinishedAt is null ? "recording" : "finished",
            Name = await NameAsync(athleteId, activity.Name, activity.SealedName, cancellationToken),
            Visibility = activity.Visibility,
            StartedAt = IsoTime.From(activity.StartedAt),
            FinishedAt = activity.FinishedAt is { } f ? IsoTime.From(f) : null,
            DistanceM = Math.Round(figures.DistanceM, 1),
            ElapsedS = Math.Max(0, (long)(end - activity.StartedAt).TotalSeconds),
            MovingS = (long)Math.Round(figures.MovingS),
            AvgHr = figures.AvgHr is { } avgHr ? Math.Round(avgHr, 1) : null,
            MaxHr = figures.MaxHr is { } maxHr ? (int)Math.Round(maxHr) : null,
            AvgPower = figures.AvgPower is { } avgPower ? Math.Round(avgPower, 1) : null,
            AvgSpeed = figures.AvgSpeed is { } avgSpeed ? Math.Round(avgSpeed, 3) : null,
            XpEarned = await XpAsync(connection, activity.ActivityId, cancellationToken),
            SampleCount = figures.SampleCount,
            Devices = [.. devices.Order(StringComparer.Ordinal)],
            Multisport = activity.MultisportId is { } multisportId
                ? new MultisportLegs(multisportId, await LegsAsync(connection, multisportId, athleteId, cancellationToken))
                : null,
        };
    }

    /// <summary>
    /// The figures of the activity's samples: stored ones while no sample arrived since they were computed, else computed
    /// from the samples within their time range, in one snapshot with the version they are stored for.
    /// </summary>
    private async Task<(SummaryFigures Figures, IReadOnlyList<string> Devices, SampleRange? Range)> FiguresAsync(NpgsqlConnection connection, Guid activityId,
        Guid athleteId, CancellationToken cancellationToken)
    {
        SummaryFigures figures;
        CachedActivity cached;
        await using (var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken))
        {
            cached = await ActivityCache.ReadAsync(connection, transaction, activityId, fused.Fingerprint, cancellationToken);
            if (cached.Range is not { } range)
                return (SummaryFigures.None, cached.Devices, null);
            if (cached.Figures is { } known)
                return (known, cached.Devices, range);
            figures = await RunningFigures.ReadAsync(connection, transaction, activityId, cancellationToken)
                ?? await ComputeAsync(connection, transaction, activityId, athleteId, range, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await ActivityCache.StoreAsync(connection, activityId, cached.Version, cached.Range.Value, figures, cancellationToken);
        return (figures, cached.Devices, cached.Range);
    }

    private async Task<SummaryFigures> ComputeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid activityId, Guid athleteId, SampleRange range,
        CancellationToken cancellationToken)
    {
        var kinds = await FusedChannels.DevicesAsync(connection, activityId, cancellationToken);
        var stats = await DeviceStatsAsync(connection, activityId, athleteId, range, cancellationToken);
        foreach (var device in stats.Where(s => !kinds.ContainsKey(s.DeviceId)))
            kinds[device.DeviceId] = null;
        var seconds = await fused.SecondsFiguresAsync(connection, transaction, activityId, kinds, range, cancellationToken);
        // Distance comes from the best-ranked device that measured any; devices recording the same workout never add up.
        var distance = stats.Where(s => s.Distance > 0).OrderBy(s => fused.RankOf("distance", kinds[s.DeviceId])).ThenByDescending(s => s.Distance)
            .Select(s => s.Distance!.Value).FirstOrDefault();
        return new SummaryFigures(stats.Sum(s => s.Samples), distance, stats.Select(s => s.MovingS).DefaultIfEmpty(0).Max(),
            seconds.AvgHr, seconds.MaxHr, seconds.AvgPower, seconds.AvgSpeed);
    }

    private static async Task<IReadOnlyList<Guid>> LegsAsync(NpgsqlConnection connection, Guid multisportId, Guid athleteId, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(connection, null,
            "SELECT activity_id FROM timeseries.activities WHERE multisport_id = $1 AND athlete_id = $2 ORDER BY started_at, activity_id", multisportId, athleteId);
        var legs = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            legs.Add(reader.GetGuid(0));
        return legs;
    }

    /// <summary>The athlete's activities, newest first; merged duplicates are left out, and with <paramref name="visibilities"/> only those of these visibilities.</summary>
    public async Task<IReadOnlyList<ActivityListItem>> ListAsync(Guid athleteId, int limit, DateTime? before, CancellationToken cancellationToken,
        IReadOnlyCollection<string>? visibilities = null)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT a.activity_id, a.sport, a.name, a.started_at, a.finished_at,
                   (SELECT coalesce(sum(xp), 0) FROM timeseries.activity_xp x WHERE x.activity_id = a.activity_id), a.sealed_name, a.visibility
            FROM timeseries.activities a
            WHERE a.athlete_id = $1 AND ($2::timestamptz IS NULL OR a.started_at < $2) AND ($4::text[] IS NULL OR a.visibility = ANY($4))
              AND NOT EXISTS (SELECT 1 FROM timeseries.activity_aliases m WHERE m.activity_id = a.activity_id)
            ORDER BY a.started_at DESC LIMIT $3
            """);
        command.Parameters.Add(new() { Value = athleteId });
        command.Parameters.Add(new() { Value = (object?)before ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = limit });
        command.Parameters.Add(new() { Value = (object?)visibilities?.ToArray() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        var items = new List<ActivityListItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = await NameAsync(athleteId, reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(6) ? null : (byte[])reader[6], cancellationToken);
            items.Add(new ActivityListItem(reader.GetGuid(0), reader.GetString(1), name,
                reader.IsDBNull(4) ? "recording" : "finished", IsoTime.From(reader.GetDateTime(3)), reader.IsDBNull(4) ? null : IsoTime.From(reader.GetDateTime(4)), reader.GetInt64(5), reader.GetString(7)));
        }

        return items;
    }

    /// <summary>The athlete's activity (the canonical one), or null when it does not exist for them.</summary>
    public async Task<ActivityRow?> ResolveAsync(Guid activityId, Guid athleteId, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        return await ActivityRows.FindAsync(connection, activityId, athleteId, cancellationToken);
    }

    /// <summary>An activity's name: sealed with the athlete's key, or plain when stored before sealing.</summary>
    private async Task<string?> NameAsync(Guid athleteId, string? plain, byte[]? sealedName, CancellationToken cancellationToken) =>
        sealedName is null ? plain
        : await keys.FindAsync(athleteId, cancellationToken) is { } key ? Contracts.Privacy.Sealed.OpenText(key, Contracts.Privacy.Purposes.ActivityName, sealedName)
        : null;

    /// <summary>
    /// Per device: samples, distance and moving time (see <see cref="DeviceFigures"/>).
    /// </summary>
    private async Task<List<DeviceStats>> DeviceStatsAsync(NpgsqlConnection connection, Guid activityId, Guid athleteId, SampleRange range,
        CancellationToken cancellationToken)
    {
        // A slice of time at a time, each with its sealed positions: what is held does not grow with the activity.
        var builders = new SortedDictionary<string, DeviceStatsBuilder>(StringComparer.Ordinal);
        for (var from = range.First; from < range.End; from += FusedChannels.PositionSliceMs)
        {
            var slice = new SampleRange(from, Math.Min(range.End, from + FusedChannels.PositionSliceMs) - 1);
            var positions = await fused.PositionsAsync(connection, activityId, athleteId, slice, cancellationToken);
            await using var command = PostgresCommands.Create(connection, null, $"""
                SELECT device_id, t, ({SampleUnits.SpeedSql}) / 1000.0::float8, ({SampleUnits.DistanceSql}) / 10.0::float8, lat, lon FROM timeseries.samples
                WHERE activity_id = $1 AND t >= $2 AND t < $3 ORDER BY device_id, t
                """, activityId, ActivityCache.Time(slice.First), ActivityCache.Time(slice.End));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            DeviceStatsBuilder? current = null;
            while (await reader.ReadAsync(cancellationToken))
            {
                var device = reader.GetString(0);
                if (current?.DeviceId != device)
                {
                    if (!builders.TryGetValue(device, out current))
                        builders[device] = current = new DeviceStatsBuilder(device);
                    current.UsePositions(positions.TryGetValue(device, out var sealedPositions) ? sealedPositions : []);
                }

                current.Add(new DateTimeOffset(reader.GetDateTime(1)).ToUnixTimeMilliseconds(), reader.IsDBNull(2) ? null : reader.GetDouble(2),
                    reader.IsDBNull(3) ? null : reader.GetDouble(3), reader.IsDBNull(4) || reader.IsDBNull(5) ? null : (reader.GetDouble(4), reader.GetDouble(5)));
            }
        }

        return [.. builders.Values.Select(b => b.Build())];
    }

    /// <summary>Takes a device's samples in time order, a slice at a time with the slice's sealed positions in time order.</summary>
    private sealed class DeviceStatsBuilder(string deviceId)
    {
        private readonly DeviceFigures figures = new();
        private List<Position> sealedPositions = [];
        private int nextPosition;

        public string DeviceId { get; } = deviceId;

        public void UsePositions(List<Position> positions) => (sealedPositions, nextPosition) = (positions, 0);

        public void Add(long t, double? speed, double? distance, (double Lat, double Lon)? position)
        {
            while (nextPosition < sealedPositions.Count && sealedPositions[nextPosition].T < t)
                nextPosition++;
            if (position is null && nextPosition < sealedPositions.Count && sealedPositions[nextPosition].T == t)
                position = (sealedPositions[nextPosition].Lat, sealedPositions[nextPosition].Lon);
            figures.Add(t, speed, distance, position);
        }

        public DeviceStats Build() => new(DeviceId, figures.Samples, figures.Distance, figures.MovingS);
    }

    private static async Task<long> XpAsync(NpgsqlConnection connection, Guid activityId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT coalesce(sum(xp), 0) FROM timeseries.activity_xp WHERE activity_id = $1", connection)
        {
            Parameters = { new() { Value = activityId } },
        };
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

}

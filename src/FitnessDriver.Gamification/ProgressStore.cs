using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Privacy;
using FitnessDriver.Gamification.Rules;
using FitnessDriver.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace FitnessDriver.Gamification;

/// <summary>Set-based reads and writes of the game state inside the consumer's transaction.</summary>
internal sealed class ProgressStore(NpgsqlConnection connection, NpgsqlTransaction transaction)
{
    /// <summary>
    /// The device tracks of <paramref name="activityIds"/>; a last position sealed with the athlete's key is opened with
    /// <paramref name="keyOf"/> (null when the athlete is gone).
    /// </summary>
    public async Task<Dictionary<(Guid, string), DeviceTrack>> LoadTracksAsync(Guid[] activityIds, Func<Guid, byte[]?> keyOf, IReadOnlyDictionary<Guid, ActivityProgress> activities,
        Func<Sport, double> maxSpeedOf, CancellationToken cancellationToken)
    {
        var tracks = new Dictionary<(Guid, string), DeviceTrack>();
        await using var command = PostgresCommands.Create(connection, transaction, """
            SELECT activity_id, device_id, last_t, channel_distance_m, gps_distance_m, last_lat, last_lon, sealed_last_position, channel_raw_m, channel_t, rejected_m,
                   channel_budget_m, gps_budget_m, position_t
            FROM gamification.device_tracks WHERE activity_id = ANY($1)
            """, activityIds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var sport = activities.TryGetValue(reader.GetGuid(0), out var owner) ? owner.Sport : Sport.Other;
            var track = new DeviceTrack(reader.GetGuid(0), reader.GetString(1), maxSpeedOf(sport))
            {
                LastT = reader.GetInt64(2),
                ChannelDistanceM = reader.IsDBNull(3) ? null : reader.GetDouble(3),
                GpsDistanceM = reader.GetDouble(4),
                LastLat = reader.IsDBNull(5) ? null : reader.GetDouble(5),
                LastLon = reader.IsDBNull(6) ? null : reader.GetDouble(6),
                ChannelRawM = reader.IsDBNull(8) ? null : reader.GetDouble(8),
                ChannelT = reader.IsDBNull(9) ? null : reader.GetInt64(9),
                RejectedM = reader.GetDouble(10),
                ChannelBudgetM = reader.GetDouble(11),
                GpsBudgetM = reader.GetDouble(12),
                LastPositionT = reader.IsDBNull(13) ? null : reader.GetInt64(13),
            };
            if (!reader.IsDBNull(7) && activities.TryGetValue(track.ActivityId, out var activity) && keyOf(activity.AthleteId) is { } key)
                (track.LastLat, track.LastLon) = LastPosition.Open(key, Purposes.LastPosition, (byte[])reader[7]);
            tracks[(track.ActivityId, track.DeviceId)] = track;
        }

        return tracks;
    }

    public async Task<Dictionary<Guid, ActivityProgress>> LockActivitiesAsync(Guid[] activityIds, CancellationToken cancellationToken)
    {
        var activities = new Dictionary<Guid, ActivityProgress>();
        await using var command = PostgresCommands.Create(connection, transaction,
            """
            SELECT activity_id, athlete_id, sport, distance_m, awarded_km, rejected_m, imported, sensor_recorded, reasons, efforts,
                   moving_ms, elevation_gain_m, last_t, distance_at_last_t, altitude_device, altitude_anchor_m, altitude_t,
                   effort_points, effort_xp, effort_t, effort_device
            FROM gamification.activity_progress WHERE activity_id = ANY($1) FOR UPDATE
            """,
            activityIds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var sport = SportNames.TryParse(reader.GetString(2), out var parsed) ? parsed : Sport.Other;
            activities[reader.GetGuid(0)] = new ActivityProgress(reader.GetGuid(0), reader.GetGuid(1), sport)
            {
                DistanceM = reader.GetDouble(3),
                AwardedKm = reader.GetInt32(4),
                RejectedM = reader.GetDouble(5),
                Imported = reader.GetBoolean(6),
                SensorRecorded = reader.GetBoolean(7),
                Reasons = [.. reader.GetFieldValue<string[]>(8)],
                Efforts = Efforts.Load(reader.IsDBNull(9) ? null : (byte[])reader[9]),
                Motion = new ActivityMotion
                {
                    MovingMs = reader.GetInt64(10),
                    ElevationGainM = reader.GetDouble(11),
                    LastT = reader.IsDBNull(12) ? null : reader.GetInt64(12),
                    DistanceAtLastT = reader.GetDouble(13),
                    AltitudeDevice = reader.IsDBNull(14) ? null : reader.GetString(14),
                    AltitudeAnchorM = reader.IsDBNull(15) ? null : reader.GetDouble(15),
                    AltitudeT = reader.IsDBNull(16) ? null : reader.GetInt64(16),
                },
                Effort = new Effort.EffortMeter
                {
                    Points = reader.GetDouble(17),
                    XpPaid = reader.GetInt32(18),
                    LastT = reader.IsDBNull(19) ? null : reader.GetInt64(19),
                    Device = reader.IsDBNull(20) ? null : reader.GetString(20),
                },
            };
        }

        return activities;
    }

    /// <summary>Saves progress and tracks; a track's last position is sealed with its athlete's key when <paramref name="keyOf"/> gives one.</summary>
    public async Task SaveAsync(IReadOnlyDictionary<Guid, ActivityProgress> activities, IReadOnlyCollection<DeviceTrack> tracks, Func<Guid, byte[]?> keyOf,
        double flagImplausibleAfterM, CancellationToken cancellationToken)
    {
        // Reasons travel as one text per activity (lines): unnest cannot take a ragged array of arrays.
        await using (var command = PostgresCommands.Create(connection, transaction, """
            INSERT INTO gamification.activity_progress AS p (activity_id, athlete_id, sport, distance_m, awarded_km, rejected_m, imported, sensor_recorded,
                implausible, reasons, efforts, moving_ms, elevation_gain_m, last_t, distance_at_last_t, altitude_device, altitude_anchor_m, altitude_t,
                effort_points, effort_xp, effort_t, effort_device)
            SELECT a, b, c, d, e, f, g, h, i, CASE WHEN j = '' THEN '{}' ELSE string_to_array(j, E'\n') END, k, l, m, n, o, p, q, r, s, t, u, v
            FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::float8[], $5::int[], $6::float8[], $7::bool[], $8::bool[], $9::bool[], $10::text[], $11::bytea[],
                $12::bigint[], $13::float8[], $14::bigint[], $15::float8[], $16::text[], $17::float8[], $18::bigint[], $19::float8[], $20::int[], $21::bigint[],
                $22::text[])
                AS u(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v)
            ON CONFLICT (activity_id) DO UPDATE SET distance_m = EXCLUDED.distance_m, awarded_km = EXCLUDED.awarded_km, rejected_m = EXCLUDED.rejected_m,
                imported = EXCLUDED.imported, sensor_recorded = EXCLUDED.sensor_recorded, implausible = EXCLUDED.implausible, reasons = EXCLUDED.reasons,
                efforts = EXCLUDED.efforts, moving_ms = EXCLUDED.moving_ms, elevation_gain_m = EXCLUDED.elevation_gain_m, last_t = EXCLUDED.last_t,
                distance_at_last_t = EXCLUDED.distance_at_last_t, altitude_device = EXCLUDED.altitude_device, altitude_anchor_m = EXCLUDED.altitude_anchor_m,
                altitude_t = EXCLUDED.altitude_t, effort_points = EXCLUDED.effort_points, effort_xp = EXCLUDED.effort_xp, effort_t = EXCLUDED.effort_t,
                effort_device = EXCLUDED.effort_device
            """,
            activities.Values.Select(a => a.ActivityId).ToArray(), activities.Values.Select(a => a.AthleteId).ToArray(),
            activities.Values.Select(a => a.Sport.ToName()).ToArray(), activities.Values.Select(a => a.DistanceM).ToArray(),
            activities.Values.Select(a => a.AwardedKm).ToArray(), activities.Values.Select(a => a.RejectedM).ToArray(),
            activities.Values.Select(a => a.Imported).ToArray(), activities.Values.Select(a => a.SensorRecorded).ToArray(),
            activities.Values.Select(a => a.IsImplausible(flagImplausibleAfterM)).ToArray(),
            activities.Values.Select(a => string.Join('\n', a.Reasons)).ToArray(), activities.Values.Select(a => a.Efforts.Save()).ToArray(),
            activities.Values.Select(a => a.Motion.MovingMs).ToArray(), activities.Values.Select(a => a.Motion.ElevationGainM).ToArray(),
            activities.Values.Select(a => a.Motion.LastT).ToArray(), activities.Values.Select(a => a.Motion.DistanceAtLastT).ToArray(),
            activities.Values.Select(a => a.Motion.AltitudeDevice).ToArray(), activities.Values.Select(a => a.Motion.AltitudeAnchorM).ToArray(),
            activities.Values.Select(a => a.Motion.AltitudeT).ToArray(), activities.Values.Select(a => a.Effort.Points).ToArray(),
            activities.Values.Select(a => a.Effort.XpPaid).ToArray(), activities.Values.Select(a => a.Effort.LastT).ToArray(),
            activities.Values.Select(a => a.Effort.Device).ToArray()))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var touched = tracks.Where(t => t.LastT is not null)
            .Select(t => (Track: t, Key: t.LastLat is not null && activities.TryGetValue(t.ActivityId, out var a) ? keyOf(a.AthleteId) : null)).ToList();
        byte[]? SealedPosition((DeviceTrack Track, byte[]? Key) t) =>
            t.Key is null ? null : LastPosition.Seal(t.Key, activities[t.Track.ActivityId].AthleteId, Purposes.LastPosition, t.Track.LastLat!.Value, t.Track.LastLon!.Value);
        await using var saveTracks = PostgresCommands.Create(connection, transaction, """
            INSERT INTO gamification.device_tracks (activity_id, device_id, last_t, channel_distance_m, gps_distance_m, last_lat, last_lon, sealed_last_position,
                channel_raw_m, channel_t, rejected_m, channel_budget_m, gps_budget_m, position_t)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::bytea[],
                $9::float8[], $10::bigint[], $11::float8[], $12::float8[], $13::float8[], $14::bigint[])
            ON CONFLICT (activity_id, device_id) DO UPDATE SET last_t = EXCLUDED.last_t, channel_distance_m = EXCLUDED.channel_distance_m,
                gps_distance_m = EXCLUDED.gps_distance_m, last_lat = EXCLUDED.last_lat, last_lon = EXCLUDED.last_lon,
                sealed_last_position = EXCLUDED.sealed_last_position, channel_raw_m = EXCLUDED.channel_raw_m, channel_t = EXCLUDED.channel_t,
                rejected_m = EXCLUDED.rejected_m, channel_budget_m = EXCLUDED.channel_budget_m, gps_budget_m = EXCLUDED.gps_budget_m,
                position_t = EXCLUDED.position_t
            """,
            touched.Select(t => t.Track.ActivityId).ToArray(), touched.Select(t => t.Track.DeviceId).ToArray(), touched.Select(t => t.Track.LastT!.Value).ToArray(),
            touched.Select(t => t.Track.ChannelDistanceM).ToArray(), touched.Select(t => t.Track.GpsDistanceM).ToArray(),
            touched.Select(t => t.Key is null ? t.Track.LastLat : null).ToArray(), touched.Select(t => t.Key is null ? t.Track.LastLon : null).ToArray(),
            new NpgsqlParameter { Value = touched.Select(SealedPosition).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea },
            touched.Select(t => t.Track.ChannelRawM).ToArray(), touched.Select(t => t.Track.ChannelT).ToArray(), touched.Select(t => t.Track.RejectedM).ToArray(),
            touched.Select(t => t.Track.ChannelBudgetM).ToArray(), touched.Select(t => t.Track.GpsBudgetM).ToArray(),
            touched.Select(t => t.Track.LastPositionT).ToArray());
        await saveTracks.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Inserts the candidates; returns the achievement ids of those that were new.</summary>
    public async Task<HashSet<Guid>> InsertAwardsAsync(IReadOnlyList<AwardCandidate> candidates, CancellationToken cancellationToken)
    {
        var inserted = new HashSet<Guid>();
        if (candidates.Count == 0)
            return inserted;
        await using var command = PostgresCommands.Create(connection, transaction, """
            INSERT INTO gamification.awards (athlete_id, rule, key, xp, activity_id, achievement_id, awarded_at)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::uuid[], $6::uuid[], $7::timestamptz[])
            ON CONFLICT DO NOTHING
            RETURNING achievement_id
            """,
            candidates.Select(c => c.AthleteId).ToArray(), candidates.Select(c => c.Rule).ToArray(), candidates.Select(c => c.Key).ToArray(),
            candidates.Select(c => c.Xp).ToArray(), candidates.Select(c => c.ActivityId).ToArray(), candidates.Select(c => c.AchievementId).ToArray(),
            candidates.Select(c => DateTimeOffset.FromUnixTimeMilliseconds(c.AwardedAt).UtcDateTime).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            inserted.Add(reader.GetGuid(0));
        return inserted;
    }

    /// <summary>Adds XP to an athlete; returns the new total and the level stored before.</summary>
    public async Task<(long Xp, int Level)> AddXpAsync(Guid athleteId, long gain, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(connection, transaction, """
            INSERT INTO gamification.athlete_progress (athlete_id, xp) VALUES ($1, $2)
            ON CONFLICT (athlete_id) DO UPDATE SET xp = gamification.athlete_progress.xp + EXCLUDED.xp, updated_at = now()
            RETURNING xp, level
            """, athleteId, gain);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt32(1));
    }

    public async Task SetLevelAsync(Guid athleteId, int level, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(connection, transaction, "UPDATE gamification.athlete_progress SET level = $2 WHERE athlete_id = $1", athleteId, level);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task EnqueueAsync(IReadOnlyList<Achievement> achievements, CancellationToken cancellationToken)
    {
        if (achievements.Count == 0)
            return;
        await using var command = PostgresCommands.Create(connection, transaction,
            "INSERT INTO gamification.outbox (athlete_id, achievement) SELECT * FROM unnest($1::uuid[], $2::jsonb[])",
            achievements.Select(a => a.AthleteId).ToArray(),
            achievements.Select(a => System.Text.Encoding.UTF8.GetString(AchievementCodec.Encode(a))).ToArray());
        command.Parameters[1].NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

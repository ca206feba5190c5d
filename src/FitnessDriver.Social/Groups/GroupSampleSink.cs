using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.EventLog;
using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Consumers;
using FitnessDriver.Postgres.Deletion;
using FitnessDriver.ServiceDefaults.Privacy;
using FitnessDriver.Social.Feed;
using Npgsql;
using NpgsqlTypes;

namespace FitnessDriver.Social.Groups;

/// <summary>
/// Adds the samples of athletes in live group sessions to their members' tracks. Everyone else's batches are skipped
/// before they are opened (<see cref="LiveAthletes"/>), so the consumer costs next to nothing outside sessions. A member's
/// activity is the one named at join, or else the first whose samples, recorded after joining, arrive.
/// </summary>
public sealed class GroupSampleSink(SocialDatabase database, IAthleteKeys keys, LiveAthletes live, GroupBroadcaster broadcaster) : IEventSink<SampleBatch>
{
    /// <summary>The consumer group.</summary>
    public const string GroupName = "social-groups";

    /// <summary>Samples this long before joining still count as recorded after it (the phone's clock is not the server's).</summary>
    private const long JoinSlackMs = 60_000;

    /// <inheritdoc />
    public string Group => GroupName;

    /// <inheritdoc />
    public IReadOnlyList<string> Topics { get; } = [Contracts.Topics.TelemetrySamples];

    /// <inheritdoc />
    public ServiceDatabase Database => database;

    /// <inheritdoc />
    public ValueTask<SampleBatch?> DecodeAsync(LogRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Guid.TryParse(record.Key, out var athleteId) && live.Contains(athleteId)
            ? SealedEvents.OpenSampleBatchAsync(record.Value, keys, cancellationToken)
            : ValueTask.FromResult<SampleBatch?>(null);
    }

    /// <inheritdoc />
    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Decoded<SampleBatch>> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var messages = batch.Select(b => b.Message).Where(m => m.Samples.Count > 0).ToList();
        if (messages.Count == 0)
            return;
        var (erased, deleted) = await DeletedActivities.GuardAsync(connection, transaction, database.Schema, messages.Select(m => m.AthleteId),
            messages.Select(m => m.ActivityId), cancellationToken);
        messages.RemoveAll(m => erased.Contains(m.AthleteId) || deleted.Contains(m.ActivityId));
        var members = await GroupLocks.LockMembersAsync(connection, transaction, [.. messages.Select(m => m.AthleteId).Distinct()], cancellationToken);
        var athleteKeys = new Dictionary<Guid, byte[]>();
        foreach (var athleteId in members.Select(m => m.AthleteId).Distinct())
            athleteKeys[athleteId] = await keys.FindAsync(athleteId, cancellationToken) ?? throw new KeysUnavailableException($"No data key for athlete {athleteId}.");
        var changed = new List<MemberRow>();
        foreach (var member in members)
        {
            var activityId = member.ActivityId;
            var opened = member.Track.Tally is { } tally ? member.Track with { Tally = SealedPosition.Open(athleteKeys[member.AthleteId], tally, member.SealedPosition) } : member.Track;
            var track = opened;
            var joinedMs = new DateTimeOffset(member.JoinedAt, TimeSpan.Zero).ToUnixTimeMilliseconds();
            foreach (var message in messages.Where(m => m.AthleteId == member.AthleteId))
            {
                activityId ??= message.Samples.Max(s => s.T) >= joinedMs - JoinSlackMs ? message.ActivityId : null;
                if (message.ActivityId == activityId)
                    track = track.Add(message.DeviceId, message.Samples);
            }

            if (activityId != member.ActivityId || track != opened)
                changed.Add(member with { ActivityId = activityId, Track = track, SealedPosition = SealedPosition.Seal(athleteKeys[member.AthleteId], member.AthleteId, track.Tally) });
        }

        await SaveAsync(connection, transaction, changed, cancellationToken);
    }

    /// <inheritdoc />
    public Task OnCommittedAsync(IReadOnlyList<Decoded<SampleBatch>> batch, CancellationToken cancellationToken)
    {
        broadcaster.Wake();
        return Task.CompletedTask;
    }

    private static async Task SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<MemberRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
            return;
        await using var update = new NpgsqlCommand("""
            UPDATE social.group_members m SET activity_id = u.activity_id, device_id = u.device_id, first_t = u.first_t, last_t = u.last_t, distance_m = u.distance_m,
                moving_s = u.moving_s, last_distance = u.last_distance, last_position = u.last_position, anchor_t = u.anchor_t, anchor_m = u.anchor_m,
                recent_t = u.recent_t, recent_m = u.recent_m, hr = u.hr, hr_t = u.hr_t
            FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::bigint[], $6::bigint[], $7::float8[], $8::float8[], $9::float8[], $10::bytea[],
                $11::bigint[], $12::float8[], $13::bigint[], $14::float8[], $15::int[], $16::bigint[])
                AS u(session_id, athlete_id, activity_id, device_id, first_t, last_t, distance_m, moving_s, last_distance, last_position, anchor_t, anchor_m,
                     recent_t, recent_m, hr, hr_t)
            WHERE m.session_id = u.session_id AND m.athlete_id = u.athlete_id
            """, connection, transaction);
        var tracks = rows.Select(r => r.Track).ToList();
        update.Parameters.Add(new() { Value = rows.Select(r => r.SessionId).ToArray() });
        update.Parameters.Add(new() { Value = rows.Select(r => r.AthleteId).ToArray() });
        update.Parameters.Add(new() { Value = rows.Select(r => r.ActivityId).ToArray() });
        update.Parameters.Add(new() { Value = tracks.Select(t => t.DeviceId).ToArray() });
        update.Parameters.Add(new() { Value = tracks.Select(t => t.Tally?.FirstT).ToArray() });
        update.Parameters.Add(new() { Value = tracks.Select(t => t.Tally?.LastT).ToArray() });
        update.Parameters.Add(new() { Value = tracks.Select(t => t.Tally?.DistanceM ?? 0).ToArray() });
        update.Parameters.Add(new() { Value = tracks.Select(t => t.Tally?.MovingS ?? 0).ToArray() });
        update.Parameters.Add(new() { Value = tracks.Select(t => t.Tally?.LastDistance).ToArray() });
        update.Parameters.Add(new() { Value = rows.Select(r => (object?)r.SealedPosition ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        update.Parameters.Add(new() { Value = tracks.Select(t => t.AnchorT).ToArray() });
        update.Parameters.Add(new() { Value = tracks.Select(t => t.AnchorM).ToArray() });
        update.Parameters.Add(new() { Value = tracks.Select(t => t.RecentT).ToArray() });
        update.Parameters.Add(new() { Value = tracks.Select(t => t.RecentM).ToArray() });
        update.Parameters.Add(new() { Value = tracks.Select(t => t.Hr).ToArray() });
        update.Parameters.Add(new() { Value = tracks.Select(t => t.HrT).ToArray() });
        await update.ExecuteNonQueryAsync(cancellationToken);
    }
}

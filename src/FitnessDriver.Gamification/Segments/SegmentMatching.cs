using FitnessDriver.Gamification.Rules;
using FitnessDriver.Postgres;
using Npgsql;

namespace FitnessDriver.Gamification.Segments;

/// <summary>
/// Segment matching for one batch of the progress consumer: riders on the batch's device tracks, their attempts loaded
/// before and saved after, in the consumer's transaction (a re-delivered batch finds them as they were).
/// </summary>
internal sealed class SegmentMatching
{
    private readonly SegmentIndex.Snapshot index;

    /// <summary>The segments this batch matched against.</summary>
    public SegmentIndex.Snapshot Index => index;
    private readonly SegmentOptions options;
    private readonly Dictionary<(Guid, string), List<SegmentAttempt>> stored;
    private readonly List<SegmentRider> riders = [];

    private SegmentMatching(SegmentIndex.Snapshot index, SegmentOptions options, Dictionary<(Guid, string), List<SegmentAttempt>> stored) =>
        (this.index, this.options, this.stored) = (index, options, stored);

    public static async Task<SegmentMatching> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SegmentIndex segments, Guid[] activityIds,
        SegmentOptions options, CancellationToken cancellationToken)
    {
        var index = await segments.RefreshAsync(connection, transaction, cancellationToken);
        var stored = new Dictionary<(Guid, string), List<SegmentAttempt>>();
        if (index.Count == 0)
            return new SegmentMatching(index, options, stored);
        await using var command = PostgresCommands.Create(connection, transaction, """
            SELECT activity_id, device_id, segment_id, start_t, start_gap_m, next_checkpoint FROM gamification.segment_attempts WHERE activity_id = ANY($1)
            """, activityIds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = (reader.GetGuid(0), reader.GetString(1));
            if (!stored.TryGetValue(key, out var attempts))
                stored[key] = attempts = [];
            attempts.Add(new SegmentAttempt(reader.GetGuid(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetInt32(5)));
        }

        return new SegmentMatching(index, options, stored);
    }

    /// <summary>Puts a rider on <paramref name="track"/>, with the attempts it had under way.</summary>
    public void Attach(DeviceTrack track, ActivityProgress activity)
    {
        if (index.Count == 0 || track.Rider is not null)
            return;
        var rider = new SegmentRider(index, activity.Sport, track.ActivityId, track.DeviceId, options);
        foreach (var attempt in stored.GetValueOrDefault((track.ActivityId, track.DeviceId)) ?? [])
            rider.Attempts[attempt.SegmentId] = attempt;
        track.Rider = rider;
        riders.Add(rider);
    }

    /// <summary>Saves the attempts under way; returns the efforts completed in this batch, in the order they finished.</summary>
    public async Task<List<SegmentPass>> SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var touched = riders.Where(r => r.Attempts.Count > 0 || stored.ContainsKey((r.ActivityId, r.DeviceId))).ToList();
        if (touched.Count > 0)
        {
            await PostgresCommands.ExecuteAsync(connection, transaction, """
                DELETE FROM gamification.segment_attempts WHERE (activity_id, device_id) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))
                """, cancellationToken, touched.Select(r => r.ActivityId).ToArray(), touched.Select(r => r.DeviceId).ToArray());
            var attempts = touched.SelectMany(r => r.Attempts.Values.Select(a => (Rider: r, Attempt: a))).ToList();
            await PostgresCommands.ExecuteAsync(connection, transaction, """
                INSERT INTO gamification.segment_attempts (activity_id, device_id, segment_id, start_t, start_gap_m, next_checkpoint)
                SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::float8[], $5::float8[], $6::int[])
                """, cancellationToken, attempts.Select(a => a.Rider.ActivityId).ToArray(), attempts.Select(a => a.Rider.DeviceId).ToArray(),
                attempts.Select(a => a.Attempt.SegmentId).ToArray(), attempts.Select(a => a.Attempt.StartT).ToArray(), attempts.Select(a => a.Attempt.StartGapM).ToArray(),
                attempts.Select(a => a.Attempt.Next).ToArray());
        }

        return [.. riders.SelectMany(r => r.Passes).OrderBy(p => p.EndT)];
    }
}

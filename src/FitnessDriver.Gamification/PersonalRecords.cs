using System.Text.Json.Nodes;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Gamification.Rules;
using FitnessDriver.Postgres;
using Npgsql;

namespace FitnessDriver.Gamification;

/// <summary>
/// Compares activities' best efforts with their athletes' records, inside the progress consumer's transaction: a better
/// one becomes the record, and the first time an activity sets a record it is announced (a <c>pr</c> achievement).
/// Implausible activities set none.
/// </summary>
internal static class PersonalRecords
{
    public const string Rule = "pr";

    /// <summary>A record an activity set: the award to try and what to announce.</summary>
    public sealed record NewRecord(AwardCandidate Award, PersonalRecord Record, double Value, double? Previous);

    public static async Task<List<NewRecord>> UpdateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<ActivityProgress> activities,
        CancellationToken cancellationToken)
    {
        var candidates = activities.Where(a => a.Efforts.Bests.Count > 0).ToList();
        var found = new List<NewRecord>();
        if (candidates.Count == 0)
            return found;
        var current = new Dictionary<(Guid, string), double>();
        await using (var select = PostgresCommands.Create(connection, transaction,
            "SELECT athlete_id, record, value FROM gamification.personal_records WHERE athlete_id = ANY($1) ORDER BY athlete_id, record FOR UPDATE",
            candidates.Select(a => a.AthleteId).Distinct().Order().ToArray()))
        {
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                current[(reader.GetGuid(0), reader.GetString(1))] = reader.GetDouble(2);
        }

        var all = PersonalRecord.All.ToDictionary(r => r.Id);
        foreach (var activity in candidates)
        {
            foreach (var (id, value) in activity.Efforts.Bests.OrderBy(b => b.Key, StringComparer.Ordinal))
            {
                double? previous = current.TryGetValue((activity.AthleteId, id), out var stored) ? stored : null;
                if (!all.TryGetValue(id, out var record) || !record.Beats(value, previous) || previous == value)
                    continue;
                current[(activity.AthleteId, id)] = value;
                found.Add(new NewRecord(new AwardCandidate(activity.AthleteId, Rule, $"{id}:{activity.ActivityId}", 0, activity.ActivityId, activity.Sport,
                    activity.Efforts.LastT ?? 0, activity.Imported), record, value, previous));
            }
        }

        var latest = found.GroupBy(f => (f.Award.AthleteId, f.Record.Id)).Select(g => g.Last()).ToList();
        if (latest.Count > 0)
        {
            await PostgresCommands.ExecuteAsync(connection, transaction, """
                INSERT INTO gamification.personal_records (athlete_id, record, value, activity_id, achieved_at)
                SELECT * FROM unnest($1::uuid[], $2::text[], $3::float8[], $4::uuid[], $5::timestamptz[])
                ON CONFLICT (athlete_id, record) DO UPDATE SET value = EXCLUDED.value, activity_id = EXCLUDED.activity_id, achieved_at = EXCLUDED.achieved_at
                """, cancellationToken, latest.Select(f => f.Award.AthleteId).ToArray(), latest.Select(f => f.Record.Id).ToArray(), latest.Select(f => f.Value).ToArray(),
                latest.Select(f => f.Award.ActivityId).ToArray(), latest.Select(f => DateTimeOffset.FromUnixTimeMilliseconds(f.Award.AwardedAt).UtcDateTime).ToArray());
        }

        return found;
    }

    /// <summary>
    /// Gives the <paramref name="lost"/> records (their activity was deleted) to the best of the athlete's other plausible
    /// activities, the earliest of equal ones winning. Nothing is announced: the record was set before.
    /// </summary>
    public static async Task RestoreAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid athleteId, IReadOnlyCollection<string> lost,
        CancellationToken cancellationToken)
    {
        var missing = PersonalRecord.All.Where(r => lost.Contains(r.Id)).ToDictionary(r => r.Id);
        var best = new Dictionary<string, (double Value, Guid ActivityId, long At)>(StringComparer.Ordinal);
        await using (var activities = PostgresCommands.Create(connection, transaction, """
            SELECT activity_id, efforts FROM gamification.activity_progress
            WHERE athlete_id = $1 AND efforts IS NOT NULL AND NOT implausible
            """, athleteId))
        {
            await using var reader = await activities.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var efforts = Efforts.Load(reader.GetFieldValue<byte[]>(1));
                var at = efforts.LastT ?? 0;
                foreach (var (id, value) in efforts.Bests)
                {
                    if (missing.TryGetValue(id, out var record) && (!best.TryGetValue(id, out var current)
                            || record.Beats(value, current.Value) || (value == current.Value && at < current.At)))
                        best[id] = (value, reader.GetGuid(0), at);
                }
            }
        }

        foreach (var (id, (value, activityId, at)) in best.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            await PostgresCommands.ExecuteAsync(connection, transaction, """
                INSERT INTO gamification.personal_records (athlete_id, record, value, activity_id, achieved_at) VALUES ($1, $2, $3, $4, $5)
                """, cancellationToken, athleteId, id, value, activityId, DateTimeOffset.FromUnixTimeMilliseconds(at).UtcDateTime);
        }
    }

    /// <summary>The announcement: <c>{ record, name, value, display, previous?, activityId }</c>.</summary>
    public static Achievement Announce(NewRecord found)
    {
        ArgumentNullException.ThrowIfNull(found);
        var payload = new JsonObject
        {
            ["record"] = found.Record.Id,
            ["name"] = found.Record.Name,
            ["value"] = Math.Round(found.Value, 1),
            ["display"] = found.Record.Display(found.Value),
            ["activityId"] = found.Award.ActivityId.ToString(),
        };
        if (found.Previous is { } previous)
            payload["previous"] = Math.Round(previous, 1);
        return AchievementFactory.MarkImported(found.Award, new Achievement(found.Award.AchievementId, found.Award.AthleteId, AchievementTypes.PersonalRecord, found.Award.AwardedAt, payload));
    }
}
